"""Measures browser-use's page state on the given URLs; runs inside benchmarks/.venv-browser-use.

Input (argv[1]): JSON {"urls": [...], "repeats": 5, "chromium": path, "args": [...], "viewport": {w, h}}.
Output (stdout, last line): JSON list, one entry per URL, with per-call seconds and the text sizes.

What is measured, per call: `await session.get_browser_state_summary(include_screenshot=False)`
(browser-use's DOM + accessibility + layout snapshot over CDP, serialized into its indexed
element tree) followed by `state.dom_state.llm_representation()`, the element text its agent puts
in the prompt. Tokens are ceil(chars / 4), the same measure ghosttab uses; the agent itself cuts
that text at 40,000 characters, so both the raw and the cut size are reported. Viewport elements
are the innermost click targets among its indexed elements whose box meets the viewport: leaving
out those nested in an indexed link or button (the <code> or <img> inside a link is the same
target), those that hold another indexed element (a wrapper <div> around a link, a scrollable
<section> or a <details> around its <summary>), and those with nothing to act on: no form or link
tag, no role, tabindex or onclick, no click listener per Chromium's snapshot and a plain cursor
(browser-use 0.13 indexes some syntax-highlighting <span>s in code blocks).
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from typing import Any

AGENT_CHAR_CAP = 40_000  # browser_use.agent.prompts.AgentMessagePrompt.max_clickable_elements_length


async def measure(config: dict[str, Any]) -> list[dict[str, Any]]:
    from browser_use import BrowserProfile, BrowserSession  # type: ignore[import-not-found]

    viewport = config["viewport"]
    profile = BrowserProfile(
        executable_path=config["chromium"],
        enable_default_extensions=False,
        chromium_sandbox=False,
        headless=True,
        args=config["args"],
        viewport=viewport,
        window_size=viewport,
        user_data_dir=None,
    )
    session = BrowserSession(browser_profile=profile)
    await session.start()
    results: list[dict[str, Any]] = []
    try:
        for url in config["urls"]:
            await session.navigate_to(url)
            await asyncio.sleep(config.get("settle_s", 1.5))
            seconds: list[float] = []
            errors: list[str] = []
            text = ""
            state: Any = None
            for attempt in range(config["repeats"] + 1):  # the first call is a warm-up, not counted
                started = time.perf_counter()
                try:
                    state = await session.get_browser_state_summary(include_screenshot=False)
                    text = state.dom_state.llm_representation()
                except Exception as exc:  # report what browser-use raised, keep measuring
                    errors.append(f"{type(exc).__name__}: {str(exc)[:160]}")
                    continue
                if attempt:
                    seconds.append(time.perf_counter() - started)
            selector_map = state.dom_state.selector_map if state is not None else {}
            results.append({
                "url": url,
                "seconds": seconds,
                "errors": errors,
                "chars": len(text),
                "tokens": math.ceil(len(text) / 4),
                "agent_tokens": math.ceil(min(len(text), AGENT_CHAR_CAP) / 4),
                "elements": len(selector_map),
                "empty": not selector_map,
                "viewport_elements": _in_viewport(state, viewport["height"]) if state is not None else 0,
                "sample": text[:600],
            })
    finally:
        await session.kill()
    return results


def _in_viewport(state: Any, viewport_height: int) -> int:
    """Indexed elements whose box intersects the visible part of the page."""
    info = state.page_info
    top = info.scroll_y if info else 0
    height = info.viewport_height if info else viewport_height
    width = info.viewport_width if info else 10**6
    indexed = {id(node) for node in state.dom_state.selector_map.values()}
    holders = _holders(state.dom_state.selector_map.values(), indexed)
    count = 0
    for node in state.dom_state.selector_map.values():
        box = node.absolute_position
        if box is None or id(node) in holders or _inside_clickable(node, indexed) or not _actionable(node):
            continue
        if box.y < top + height and box.y + box.height > top and box.x < width and box.x + box.width > 0:
            count += 1
    return count


ACTION_TAGS = frozenset({
    "A", "BUTTON", "INPUT", "SELECT", "TEXTAREA", "SUMMARY", "OPTION", "LABEL", "IFRAME",
})
PLAIN_CURSORS = frozenset({"", "auto", "default", "text"})


def _actionable(node: Any) -> bool:
    if node.node_name.upper() in ACTION_TAGS:
        return True
    attributes = node.attributes or {}
    if any(key in attributes for key in ("role", "tabindex", "onclick", "contenteditable")):
        return True
    snapshot = node.snapshot_node
    if snapshot is None:
        return False
    return bool(snapshot.is_clickable) or (snapshot.cursor_style or "") not in PLAIN_CURSORS


def _holders(nodes: Any, indexed: set[int]) -> set[int]:
    """Indexed nodes that have another indexed node somewhere below them."""
    held: set[int] = set()
    for node in nodes:
        parent = node.parent_node
        while parent is not None:
            if id(parent) in indexed:
                held.add(id(parent))
            parent = parent.parent_node
    return held


def _inside_clickable(node: Any, indexed: set[int]) -> bool:
    parent = node.parent_node
    while parent is not None:
        if id(parent) in indexed and parent.node_name.upper() in ("A", "BUTTON"):
            return True
        parent = parent.parent_node
    return False


def main() -> None:
    config = json.loads(sys.argv[1])
    results = asyncio.run(measure(config))
    sys.stdout.write("\n" + json.dumps(results) + "\n")


if __name__ == "__main__":
    main()
