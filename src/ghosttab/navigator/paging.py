"""The way to the next page of a list: a "Next" link, or the link numbered one past this page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from ghosttab.actions import Click
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.clicks import is_clickable
from ghosttab.navigator.matching import normalize
from ghosttab.navigator.vocabulary import NEXT_WORDS
from ghosttab.perception.models import Element

# A "Next" link is the list's own way on; a page number one past this one is nearly as sure.
NEXT_LINK = 0.5
NUMBERED_LINK = 0.45


def pagination_proposal(elements: list[Element], current_url: str = "") -> Proposal | None:
    """The way to the next page of a list: a "Next" link, else the link numbered one past this page
    (pages numbered with no "Next", as Django's admin numbers them)."""
    numbered: dict[int, Element] = {}
    for element in elements:
        if not is_clickable(element):
            continue
        name = (element.name or element.label).strip().lower()
        if name in NEXT_WORDS or normalize(name) in ("next", "next page", "load more", "show more"):
            return Proposal(
                Click(target=element.as_target()), NEXT_LINK, f"next page via {element.name!r}", element
            )
        if name.isdigit() and element.href:
            numbered.setdefault(int(name), element)
    following = numbered.get(current_page(current_url) + 1)
    if following is None:
        return None
    return Proposal(
        Click(target=following.as_target()), NUMBERED_LINK, f"next page via {following.name!r}", following
    )


PAGE_PARAMS = ("page", "p", "pg", "paged", "pagenum", "page_number", "pageno")


def current_page(url: str) -> int:
    """The page number a list's URL says it shows (`?page=3`), 1 when it says none."""
    query = parse_qs(urlsplit(url).query)
    for key in PAGE_PARAMS:
        value = query.get(key, [""])[0]
        if value.isdigit():
            return int(value)
    return 1
