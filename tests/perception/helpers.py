"""Small helpers shared by the perception tests."""

from __future__ import annotations

from ghosttab.perception import Element, Observation


def html_page(body: str, title: str = "Test page", head: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{title}</title>{head}</head>"
        f"<body>{body}</body></html>"
    )


def by_id(obs: Observation, element_id: str) -> Element:
    for element in obs.elements:
        if element.element_id == element_id:
            return element
    raise AssertionError(f"no element #{element_id} in {[e.element_id or e.name for e in obs.elements]}")


def ids(obs: Observation) -> set[str]:
    return {e.element_id for e in obs.elements if e.element_id}
