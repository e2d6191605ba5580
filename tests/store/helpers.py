"""Small builders shared by the store tests."""

from __future__ import annotations

from typing import Any

from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult
from ghosttab.spec import Priority, TaskSpec


def make_spec(task_id: str, priority: Priority = Priority.NORMAL, **extra: Any) -> TaskSpec:
    fields: dict[str, Any] = {
        "id": task_id,
        "goal": "Find purchase order {po}",
        "start_url": "http://127.0.0.1:9/portal/",
        "data": {"po": f"PO-{task_id}"},
        "priority": priority,
    }
    return TaskSpec(**(fields | extra))


def make_specs(count: int, prefix: str = "t") -> list[TaskSpec]:
    return [make_spec(f"{prefix}{index:05d}") for index in range(count)]


def result_for(task_id: str, status: TaskStatus = TaskStatus.SUCCEEDED, **extra: Any) -> TaskResult:
    return TaskResult(id=task_id, status=status, **extra)
