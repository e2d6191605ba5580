"""Task, tab and shard states, the legal moves between them, and the error on an illegal one."""

from __future__ import annotations

from enum import Enum

from ghosttab.errors import GhosttabError


class TaskStatus(str, Enum):
    QUEUED = "QUEUED"
    PAUSED = "PAUSED"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    NEEDS_REVIEW = "NEEDS_REVIEW"
    CANCELLED = "CANCELLED"

    @property
    def is_final(self) -> bool:
        return self in FINAL_TASK_STATUSES


class WorkerState(str, Enum):
    """A worker row's state, read from its heartbeat: a worker that stopped beating is dead."""

    LIVE = "live"
    STOPPING = "stopping"  # asked to stop (`ghosttab workers stop`), still beating
    DEAD = "dead"  # no heartbeat for a while: killed, or its host lost; pruned after longer still


FINAL_TASK_STATUSES = frozenset(
    {TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.NEEDS_REVIEW, TaskStatus.CANCELLED}
)

TASK_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.QUEUED: frozenset({TaskStatus.RUNNING, TaskStatus.PAUSED, TaskStatus.CANCELLED}),
    TaskStatus.PAUSED: frozenset({TaskStatus.QUEUED, TaskStatus.CANCELLED}),
    # RUNNING -> QUEUED: a lease lapsed or a worker shut down and handed the task back.
    TaskStatus.RUNNING: frozenset(
        {
            TaskStatus.QUEUED,
            TaskStatus.SUCCEEDED,
            TaskStatus.FAILED,
            TaskStatus.NEEDS_REVIEW,
            TaskStatus.CANCELLED,
        }
    ),
    # A finished task can be retried by a person.
    TaskStatus.SUCCEEDED: frozenset({TaskStatus.QUEUED}),
    TaskStatus.FAILED: frozenset({TaskStatus.QUEUED}),
    # A person reviews it: retried, resolved with the value they found, or cancelled.
    TaskStatus.NEEDS_REVIEW: frozenset({TaskStatus.QUEUED, TaskStatus.SUCCEEDED, TaskStatus.CANCELLED}),
    TaskStatus.CANCELLED: frozenset({TaskStatus.QUEUED}),
}


class TabState(str, Enum):
    IDLE = "IDLE"
    LOADING = "LOADING"
    PERCEIVING = "PERCEIVING"
    DECIDING = "DECIDING"
    ACTING = "ACTING"
    COMPLETE = "COMPLETE"
    FAILED = "FAILED"


TAB_TRANSITIONS: dict[TabState, frozenset[TabState]] = {
    TabState.IDLE: frozenset({TabState.LOADING, TabState.FAILED}),
    TabState.LOADING: frozenset({TabState.PERCEIVING, TabState.COMPLETE, TabState.FAILED}),
    TabState.PERCEIVING: frozenset({TabState.DECIDING, TabState.COMPLETE, TabState.FAILED}),
    # DECIDING -> PERCEIVING: a decision dropped (a loop caught before acting) means looking again.
    TabState.DECIDING: frozenset({TabState.ACTING, TabState.PERCEIVING, TabState.COMPLETE, TabState.FAILED}),
    TabState.ACTING: frozenset({TabState.PERCEIVING, TabState.LOADING, TabState.COMPLETE, TabState.FAILED}),
    TabState.COMPLETE: frozenset({TabState.IDLE}),
    TabState.FAILED: frozenset({TabState.IDLE}),
}


class SubtaskStatus(str, Enum):
    """A part of a multi-part goal (navigator.plan)."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    FAILED = "failed"


class ShardState(str, Enum):
    """A browser process (or remote connection) of the tab pool."""

    STARTING = "STARTING"
    ACCEPTING = "ACCEPTING"  # serving leases
    RETIRING = "RETIRING"  # being replaced (recycled): serves no new lease, closes once idle
    LOST = "LOST"  # its browser died or stopped answering
    CLOSED = "CLOSED"


SHARD_TRANSITIONS: dict[ShardState, frozenset[ShardState]] = {
    ShardState.STARTING: frozenset({ShardState.ACCEPTING, ShardState.LOST, ShardState.CLOSED}),
    ShardState.ACCEPTING: frozenset({ShardState.RETIRING, ShardState.LOST, ShardState.CLOSED}),
    # RETIRING -> ACCEPTING: its replacement could not start, so it keeps serving.
    ShardState.RETIRING: frozenset({ShardState.ACCEPTING, ShardState.LOST, ShardState.CLOSED}),
    ShardState.LOST: frozenset({ShardState.CLOSED}),
    ShardState.CLOSED: frozenset(),
}


class IllegalTransition(GhosttabError):
    """A task or tab was asked to move to a state it cannot reach from where it is."""

    def __init__(self, machine: str, source: str, target: str) -> None:
        super().__init__(f"illegal {machine} transition {source} -> {target}")
        self.machine = machine
        self.from_state = source
        self.to_state = target


def check_task_transition(source: TaskStatus, target: TaskStatus) -> None:
    if target not in TASK_TRANSITIONS[source]:
        raise IllegalTransition("task", source.value, target.value)


def check_tab_transition(source: TabState, target: TabState) -> None:
    if target not in TAB_TRANSITIONS[source]:
        raise IllegalTransition("tab", source.value, target.value)


def check_shard_transition(source: ShardState, target: ShardState) -> None:
    if target not in SHARD_TRANSITIONS[source]:
        raise IllegalTransition("shard", source.value, target.value)
