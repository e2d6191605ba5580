"""A live Rich progress bar fed by the event bus, and the summary table printed at the end."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ghosttab.events import Event, EventBus, StepRecorded, TaskStatusChanged
from ghosttab.lifecycle import TaskStatus
from ghosttab.result import TaskResult

STATUS_STYLE = {
    TaskStatus.SUCCEEDED: "green",
    TaskStatus.FAILED: "red",
    TaskStatus.NEEDS_REVIEW: "yellow",
    TaskStatus.CANCELLED: "dim",
}


def _nothing() -> None:
    return None


class BatchProgress:
    """`with BatchProgress(events, total, console):` shows tasks done, by outcome, and steps taken."""

    def __init__(self, events: EventBus, total: int, console: Console, done: int = 0) -> None:
        self.events = events
        self.console = console
        self.outcomes: Counter[TaskStatus] = Counter()
        self.running: set[str] = set()
        self.steps = 0
        self.progress = Progress(
            TextColumn("[bold]tasks"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.bar = self.progress.add_task("tasks", total=total, completed=done, detail="")
        self._unlisten: Callable[[], None] = _nothing

    def __enter__(self) -> BatchProgress:
        self._unlisten = self.events.listen(self._on_event)
        self.progress.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._unlisten()
        self.progress.stop()

    def _on_event(self, event: Event) -> None:
        if isinstance(event, TaskStatusChanged) and event.task_id:
            if event.status == TaskStatus.RUNNING:
                self.running.add(event.task_id)
            elif event.status.is_final:
                self.running.discard(event.task_id)
                self.outcomes[event.status] += 1
                self.progress.advance(self.bar)
        elif isinstance(event, StepRecorded):
            self.steps += 1
        else:
            return
        self.progress.update(self.bar, detail=self._detail())

    def _detail(self) -> str:
        parts = [f"[{STATUS_STYLE[s]}]{s.value.lower()} {n}[/]" for s, n in self.outcomes.items()]
        parts.append(f"running {len(self.running)}")
        parts.append(f"steps {self.steps}")
        return " · ".join(parts)


def results_table(results: list[TaskResult]) -> Table:
    table = Table(title="ghosttab results", show_lines=False)
    for column in ("id", "status", "steps", "seconds", "extracted / files / error"):
        table.add_column(column, overflow="fold")
    for result in results:
        style = STATUS_STYLE.get(result.status, "")
        detail = ", ".join(f"{k}={v}" for k, v in result.extracted.items())
        if result.files:
            detail = "; ".join(filter(None, [detail, ", ".join(p.rsplit("/", 1)[-1] for p in result.files)]))
        if result.error and result.status != TaskStatus.SUCCEEDED:
            detail = "; ".join(filter(None, [detail, str(result.error)]))
        table.add_row(
            result.id,
            f"[{style}]{result.status.value}[/]",
            str(result.steps),
            f"{result.seconds:.1f}",
            detail,
        )
    return table


def outcome_line(results: list[TaskResult]) -> str:
    counts = Counter(r.status for r in results)
    parts = [f"{counts[s]} {s.value.lower()}" for s in STATUS_STYLE if counts[s]]
    return f"{len(results)} tasks: " + ", ".join(parts) if parts else "no results"
