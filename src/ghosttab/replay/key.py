"""The shape of a task: the site, the goal with its values replaced by slots, the set of data keys.

Tasks of one shape share a path. `Type "blue widgets" into the search box` and `Type "red lamps"
into the search box` on one site are one shape; so are `Download the PDF of purchase order
{po_number}` with any `po_number`.
"""

from __future__ import annotations

import hashlib
import re
import string
from urllib.parse import urlsplit

from pydantic import BaseModel

from ghosttab.replay.template import Slots
from ghosttab.spec import GOAL_LITERAL, TaskSpec, goal_literals

_FIELD_MARK = re.compile("\x00(\\d+)\x00")


class Shape(BaseModel):
    key: str
    site: str
    goal_template: str
    data_keys: list[str]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def slots_of(spec: TaskSpec) -> Slots:
    return Slots.of(spec.data, goal_literals(spec.rendered_goal), sorted(spec.secrets))


def goal_template(spec: TaskSpec) -> str:
    """The goal with its `{field}`s as data slots, its quoted literals as goal slots (numbered as
    goal_literals numbers them), and any data value written out in it as its data slot."""
    fields: list[str] = []
    marked = []
    for text, field, _format, _conversion in string.Formatter().parse(spec.goal):
        marked.append(text)
        if field:
            marked.append(f"\x00{len(fields)}\x00")
            fields.append(field)
    goal = "".join(marked)
    data = Slots.of(spec.data, [], [])
    pieces, last = [], 0
    for number, match in enumerate(GOAL_LITERAL.finditer(goal), start=1):
        pieces.append(data.template(goal[last : match.start()]))
        inner = (match.group(1) or match.group(2)).strip()
        slot = inner if _FIELD_MARK.fullmatch(inner) else f"{{goal.{number}}}"
        pieces.append(match.group(0)[0] + slot + match.group(0)[-1])
        last = match.end()
    pieces.append(data.template(goal[last:]))
    return _FIELD_MARK.sub(lambda mark: "{data." + fields[int(mark.group(1))] + "}", "".join(pieces))


def shape_of(spec: TaskSpec) -> Shape:
    site = origin(spec.start_url)
    template = goal_template(spec)
    keys = sorted(spec.data)
    digest = hashlib.sha256("\n".join([site, template, ",".join(keys)]).encode()).hexdigest()[:32]
    return Shape(key=digest, site=site, goal_template=template, data_keys=keys)
