"""The model's answer: one JSON action, in the action schema of `ghosttab.actions` with an element
`index` of the current observation in place of a target, and an optional `confidence`.

`answer_schema()` is what a server that has structured outputs constrains the answer to;
`read_answer()` validates whatever came back (a server without them, or a model that ignored
them) and says, in one line a model can act on, what was wrong.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ghosttab.actions import ACTION_ADAPTER, Action, parse_action
from ghosttab.navigator.base import TaskMemory
from ghosttab.perception.models import Observation

DEFAULT_CONFIDENCE = 0.7
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
_INDEX = {"type": "integer", "minimum": 0, "description": "the element's [index] on the current page"}
_CONFIDENCE = {"type": "number", "minimum": 0, "maximum": 1}


class Answer(BaseModel):
    action: Action
    confidence: float = Field(ge=0, le=1)
    reason: str = ""


class Rejection(BaseModel):
    """Why an answer cannot be acted on, said so that the model can mend it."""

    problem: str


@cache
def answer_schema() -> dict[str, Any]:
    """The JSON schema of one answer: each action of the union, inlined, `target` as `index`."""
    source = ACTION_ADAPTER.json_schema()
    choices = [_answer_variant(source["$defs"][ref["$ref"].rsplit("/", 1)[-1]]) for ref in source["oneOf"]]
    return {"anyOf": choices}


def _answer_variant(definition: dict[str, Any]) -> dict[str, Any]:
    variant = copy.deepcopy(definition)
    variant.pop("title", None)
    variant.pop("description", None)
    properties: dict[str, Any] = {}
    required = [name for name in variant.get("required", []) if name != "target"]
    for name, spec in variant["properties"].items():
        spec.pop("title", None)
        if name == "target":
            properties["index"] = dict(_INDEX)
            if "target" in variant.get("required", []):
                required.append("index")
        elif "$ref" in spec or any("$ref" in option for option in spec.get("anyOf", [])):
            continue  # a nested target (press's optional one) is the index too
        else:
            properties[name] = spec
    if "target" not in variant["properties"] and any(
        "$ref" in option for spec in variant["properties"].values() for option in spec.get("anyOf", [])
    ):
        properties["index"] = dict(_INDEX)
    kind = properties["kind"]
    kind.pop("default", None)
    properties["confidence"] = dict(_CONFIDENCE)
    variant["properties"] = properties
    variant["required"] = ["kind", *required]
    return variant


def read_answer(text: str, observation: Observation, memory: TaskMemory) -> Answer | Rejection:
    """The answer as a validated Action, or a Rejection saying what to mend."""
    body = _json_body(text)
    if body is None:
        return Rejection(problem="the answer was not one JSON object")
    if not isinstance(body.get("kind"), str):
        return Rejection(problem='the answer has no "kind" naming the action')
    confidence = body.pop("confidence", DEFAULT_CONFIDENCE)
    if isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1:
        return Rejection(problem='"confidence" must be a number from 0 to 1')
    index = body.pop("index", None)
    if index is not None:
        element = observation.element(index) if _is_int(index) else None
        if element is None:
            return Rejection(problem=f'"index" {index!r} is no element of the current page')
        body["target"] = element.as_target().model_dump()
    problem = _reference_problem(body, memory)
    if problem:
        return Rejection(problem=problem)
    try:
        action = parse_action(body)
    except ValidationError as exc:
        return Rejection(problem=_validation_problem(exc, body["kind"]))
    return Answer(action=action, confidence=float(confidence), reason=str(body.get("reason", ""))[:200])


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _json_body(text: str) -> dict[str, Any] | None:
    candidates = [text.strip()]
    fenced = _FENCED.search(text)
    if fenced:
        candidates.append(fenced.group(1).strip())
    found = _JSON_OBJECT.search(text)
    if found:
        candidates.append(found.group(0))
    for candidate in candidates:
        try:
            body = json.loads(candidate)
        except json.JSONDecodeError:
            continue
        if isinstance(body, dict):
            return body
    return None


def _reference_problem(body: dict[str, Any], memory: TaskMemory) -> str:
    """A data field or secret the task does not have (the model may only name what it was shown)."""
    field, secret = body.get("field"), body.get("secret")
    if isinstance(field, str) and field not in memory.spec.data:
        known = ", ".join(sorted(memory.spec.data)) or "none"
        return f'"field" {field!r} is not a data key (data keys: {known})'
    if isinstance(secret, str) and secret not in memory.secret_names:
        known = ", ".join(memory.secret_names) or "none"
        return f'"secret" {secret!r} is not a secret name (secret names: {known})'
    return ""


def _validation_problem(error: ValidationError, kind: str) -> str:
    parts = []
    for detail in error.errors()[:3]:
        where = ".".join(str(part) for part in detail["loc"] if part != kind)
        where = "index" if where.startswith("target") else where
        parts.append(f"{where}: {detail['msg']}" if where else detail["msg"])
    return f"{kind!r} action is invalid: " + "; ".join(parts)
