"""The deterministic navigator: no model, no network; the goal, the task's data and the page decide.

Every rule of `RULES` is asked about the page; `rank` picks the winner in one place (the table's
order is the rules' precedence, earlier first), and the decision records which rule won, its
confidence, its margin over the best other proposal, and the rules that lost.
"""

from __future__ import annotations

import re

from ghosttab.actions import Done, Fail
from ghosttab.navigator.base import Decision, Proposal, TaskMemory
from ghosttab.navigator.rule import Rule, RuleContext, make_context
from ghosttab.navigator.rules_forms import (
    ConfirmDeletion,
    ConfirmReview,
    ConfirmSubmission,
    Dialog,
    Fill,
    Login,
    RevealFields,
    StayOnTask,
    Submit,
    Suggestion,
)
from ghosttab.navigator.rules_links import (
    AnyLink,
    BackFromEmptySearch,
    ExactLink,
    FoldedLink,
    KindList,
    More,
    NextPage,
    OnlyRecord,
    RecordLink,
    RowCommand,
    SearchForSubject,
    StrongLink,
    TabsForDownload,
    WaitOnce,
)
from ghosttab.navigator.rules_math import ClickInOrder, SolveSum
from ghosttab.navigator.rules_menus import ActionMenu, OpenList, StateChange
from ghosttab.navigator.rules_nearby import TypeShownText, ValueBesideLabel
from ghosttab.navigator.rules_page import CloseGlyph, Expand, FocusField, GoalTab, ScrollAsTold, premature
from ghosttab.navigator.rules_records import NthResult, RecordControl
from ghosttab.navigator.rules_values import CopyPaste, NthWord, TableValue, WidgetKind
from ghosttab.perception.models import Observation
from ghosttab.result import Tier

# The rules in precedence order: the first one with a proposal decides.
RULES: tuple[Rule, ...] = (
    ConfirmSubmission(),
    StayOnTask(),
    CloseGlyph(),
    Dialog(),
    Suggestion(),
    Login(),
    FocusField(),
    ConfirmDeletion(),
    RecordControl(),
    NthResult(),
    RecordLink(),
    RowCommand(),
    ExactLink(),
    Expand(),
    CopyPaste(),
    NthWord(),
    SolveSum(),
    ClickInOrder(),
    ScrollAsTold(),
    TableValue(),
    WidgetKind(),
    Fill(),
    ValueBesideLabel(),
    TypeShownText(),
    RevealFields(),
    ActionMenu(),
    StateChange(),
    OpenList(),
    Submit(),
    ConfirmReview(),
    TabsForDownload(),
    FoldedLink(),
    StrongLink(),
    SearchForSubject(),
    BackFromEmptySearch(),
    NextPage(),
    GoalTab(),
    WaitOnce(),
    AnyLink(),
    KindList(),
    OnlyRecord(),
    More(),
)
# With no success criteria, a page that says the task went through ends it: fairly sure.
CONFIRMED_DONE = 0.6
# Nothing proposed anything: the navigator gives up, and says it is unsure.
NOTHING_LEFT = 0.2
_CONFIRMATION = re.compile(
    r"\b(thank you|confirmed|confirmation|success(fully)?|submitted|complete(d)?|placed|received)\b", re.I
)


class HeuristicNavigator:
    tier = Tier.HEURISTIC

    def __init__(self, rules: tuple[Rule, ...] = RULES) -> None:
        self.rules = rules

    async def decide(self, observation: Observation, memory: TaskMemory) -> Decision | None:
        context = make_context(observation, memory)
        proposals = [(rule.name, proposal) for rule in self.rules if (proposal := rule.propose(context))]
        decision = rank(proposals, context)
        if decision is None:
            decision = _fallback(observation, memory)
        if not memory.history:
            # The first step's record says what the navigator understood of the goal.
            decision = decision.model_copy(update={"understood": memory.intent.summary()})
        return decision


def rank(proposals: list[tuple[str, Proposal]], context: RuleContext) -> Decision | None:
    """The one place proposals are ranked: the earliest rule of the table that proposed wins, unless
    it would press what a later clause of the goal names before the clauses ahead of it had a step;
    its margin is its score less the best score among the rest."""
    if not proposals:
        return None
    timely = [(name, p) for name, p in proposals if not premature(p, context)]
    if timely:
        proposals = timely + [(f"{name}(too early)", p) for name, p in proposals if premature(p, context)]
    (name, winner), rest = proposals[0], proposals[1:]
    margin = winner.score - max(p.score for _, p in rest) if rest else None
    return Decision(
        action=winner.action,
        confidence=min(1.0, max(0.0, winner.score)),
        reason=winner.reason,
        rule=name,
        margin=margin,
        lost=[f"{other}:{p.score:.2f}" for other, p in rest],
    )


def _fallback(observation: Observation, memory: TaskMemory) -> Decision:
    if memory.spec.success.is_empty and _CONFIRMATION.search(observation.text) and memory.history:
        return Decision(action=Done(reason="the page confirms the task"), confidence=CONFIRMED_DONE,
                        rule="page_confirms")  # fmt: skip
    return Decision(
        action=Fail(reason="no element on the page matches the goal or the task's data"),
        confidence=NOTHING_LEFT,
        reason="nothing left to try",
        rule="nothing_left",
    )
