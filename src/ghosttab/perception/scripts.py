"""The page scripts shipped as package data, with `/* @name.js */` slots spliced in."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SLOT = re.compile(r"/\* @([\w-]+\.js) \*/")


@cache
def read_script(name: str) -> str:
    """`name` from `ghosttab.perception`, its leading comment lines dropped."""
    text = resources.files("ghosttab.perception").joinpath(name).read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    while lines and lines[0].startswith("//"):
        lines.pop(0)
    return "\n".join(lines)


def splice(template: str) -> str:
    """`template` with every `/* @name.js */` slot replaced by that script (each slot used once)."""
    names = _SLOT.findall(template)
    if len(names) != len(set(names)):
        raise RuntimeError(f"a script slot appears twice: {names}")
    return _SLOT.sub(lambda match: splice(read_script(match.group(1))), template)
