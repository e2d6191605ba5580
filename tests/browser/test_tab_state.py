from __future__ import annotations

import pytest

from ghosttab.browser import TabPool
from ghosttab.events import Event, TabStateChanged
from ghosttab.lifecycle import IllegalTransition, TabState


async def test_legal_path_publishes_events_and_illegal_move_raises(pool: TabPool) -> None:
    seen: list[Event] = []
    stop = pool.events.listen(seen.append)
    try:
        async with pool.lease(task_id="task-9") as tab:
            assert tab.state is TabState.IDLE
            path = [TabState.LOADING, TabState.PERCEIVING, TabState.DECIDING, TabState.ACTING,
                    TabState.PERCEIVING, TabState.COMPLETE, TabState.IDLE]
            for target in path:
                tab.transition(target)
            assert tab.state is TabState.IDLE
            with pytest.raises(IllegalTransition):
                tab.transition(TabState.ACTING)
            assert tab.state is TabState.IDLE
    finally:
        stop()
    changes = [event for event in seen if isinstance(event, TabStateChanged)]
    assert [change.target for change in changes] == path
    assert changes[0].source is TabState.IDLE
    assert {change.tab_id for change in changes} == {tab.id}
    assert {change.task_id for change in changes} == {"task-9"}
