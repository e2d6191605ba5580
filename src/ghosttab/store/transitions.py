"""Status changes in SQL that only ever admit legal moves (checked by `ghosttab.lifecycle`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement

from ghosttab.lifecycle import TaskStatus, check_task_transition
from ghosttab.spec import TaskSpec
from ghosttab.store.tables import TaskTable

T = TypeVar("T")
IN_CHUNK = 500  # well under SQLite's bound-parameter limit


def status_in(sources: Iterable[TaskStatus], target: TaskStatus) -> ColumnElement[bool]:
    """A WHERE clause admitting only `sources`, each checked to be a legal source for `target`."""
    legal = list(sources)
    for source in legal:
        check_task_transition(source, target)
    if len(legal) == 1:
        return TaskTable.status == legal[0].value
    return TaskTable.status.in_([s.value for s in legal])


def chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def spec_from_public(public: dict[str, Any]) -> tuple[TaskSpec, list[str]]:
    """Rebuild a TaskSpec from its stored public dict: no secret values, their names apart."""
    body = dict(public)
    names = [str(name) for name in body.pop("secret_names", [])]
    return TaskSpec.model_validate(body), names
