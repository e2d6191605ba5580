"""'Solve the math problem and type your answer': the page shows a sum ('3 + 4 =') or a linear
equation in x ('0 + x = 8'); the answer goes into the empty text field. Arithmetic is read with
Python's `ast` (numbers, + - * / and x only), never `eval`."""

from __future__ import annotations

import ast
import re

from ghosttab.actions import Click, TypeText
from ghosttab.navigator.base import Proposal
from ghosttab.navigator.fields import is_fillable
from ghosttab.navigator.rule import Rule, RuleContext
from ghosttab.perception.models import Element

# The page's own sum, worked out exactly: as sure as a value the goal gives.
SOLVED = 0.85
_SOLVE_VERBS = frozenset({"solve", "calculate", "compute", "work"})
_TERM = r"(?:\d+(?:\.\d+)?|\bx\b)"
_EXPRESSION = re.compile(rf"((?:-?\s*{_TERM}\s*[-+*/×÷]\s*)+-?\s*{_TERM})\s*=\s*(-?\d+(?:\.\d+)?)?")
# "3 x 9": an x between two numbers is a times sign, not the unknown of "0 + x = 8".
_TIMES_X = re.compile(r"(?<=\d)\s*[x×]\s*(?=\d)")
_OPS = {ast.Add: 1, ast.Sub: 1, ast.Mult: 1, ast.Div: 1}


def _value(node: ast.AST, x: float) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id == "x":
        return x
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -_value(node.operand, x)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _value(node.left, x), _value(node.right, x)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        return left / right
    raise ValueError("not arithmetic")


def solve(text: str) -> str | None:
    """The answer to the first sum or equation in `text`, or None."""
    for found in _EXPRESSION.finditer(_TIMES_X.sub(" * ", text)):
        left = found.group(1).strip().replace("×", "*").replace("÷", "/")
        try:
            tree = ast.parse(left, mode="eval").body
            if found.group(2) is None:
                if "x" in left:
                    continue
                answer = _value(tree, 0.0)
            else:
                target = float(found.group(2))
                at0, at1 = _value(tree, 0.0) - target, _value(tree, 1.0) - target
                if at1 == at0:
                    continue
                answer = -at0 / (at1 - at0)
        except (SyntaxError, ValueError, ZeroDivisionError):
            continue
        return str(int(answer)) if float(answer).is_integer() else f"{answer:g}"
    return None


class SolveSum(Rule):
    name = "solve_sum"

    def propose(self, context: RuleContext) -> Proposal | None:
        intent = context.intent
        if not any(clause.verb in _SOLVE_VERBS for clause in intent.verbs):
            return None
        answer = solve(context.observation.text.replace(intent.text, " "))
        targets = [e for e in context.elements if is_fillable(e) and not context.done_here(e)]
        if answer is None or not targets or targets[0].value.strip() == answer:
            return None
        why = f"the page's sum works out to {answer}"
        return Proposal(TypeText(target=targets[0].as_target(), text=answer), SOLVED, why, targets[0])


_ORDER = re.compile(r"\b(ascending|increasing|descending|decreasing)\s+order\b", re.I)
_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
# The next number in the order the goal asks for: read off the page exactly.
IN_ORDER = 0.85


class ClickInOrder(Rule):
    """'Click on the numbers in ascending order': each clickable number once, smallest first (or
    largest first for a descending order)."""

    name = "click_in_order"

    def propose(self, context: RuleContext) -> Proposal | None:
        order = _ORDER.search(context.intent.text)
        if order is None:
            return None
        clicked = {
            step.action.element.locator.name.strip()
            for step in context.visit
            if step.ok and step.action.kind == "click" and step.action.element is not None
        }
        numbers = [
            e for e in context.elements
            if _NUMBER.match(e.name) and e.name.strip() not in clicked and not e.disabled
        ]  # fmt: skip
        if not numbers:
            return None
        falling = order.group(1).lower() in ("descending", "decreasing")
        ranked = sorted(numbers, key=_as_number, reverse=falling)
        element = ranked[0]
        why = f"{element.name.strip()!r} comes next in {order.group(1).lower()} order"
        return Proposal(Click(target=element.as_target()), IN_ORDER, why, element)


def _as_number(element: Element) -> float:
    return float(element.name.strip())
