"""The values a goal asks to type, read from its words: 'Enter the username "karrie" and the password
"AU" into the text fields', 'Enter 05/20/2010 as the date', 'Type "agustina" in all upper case letters
in the text input', 'enter the number "-5" into the 2nd textbox'.

Each becomes a `TypedValue`: the value, the field's name as the goal gives it (`target`), where it
goes ("the 2nd textbox": `where` and `ordinal`), and a change of case the goal asks for.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Transform = Literal["", "upper", "lower"]


class TypedValue(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    target: str = ""
    where: str = ""
    ordinal: int | None = None
    transform: Transform = ""

    @property
    def text(self) -> str:
        """The value as it is to be typed."""
        if self.transform == "upper":
            return self.value.upper()
        if self.transform == "lower":
            return self.value.lower()
        return self.value


_TYPE_INTO = re.compile(
    r"\b(?:type|enter|fill in|fill|input|write|put|search for)\s+[\"“‘']([^\"”’']+)[\"”’']"
    r"(?:\s+(?:into|in|as|for)\s+(?:the\s+)?([\w\- ]+?))?(?=$|[,.;]| and | then )",
    re.IGNORECASE,
)
_TYPING_VERB = re.compile(r"\b(?:type|enter|fill in|fill|input|write|put|search for)\b", re.I)
# 'the username "karrie"': a field's name, then its value in quotes.
_NAMED = re.compile(
    r"(?:^|\band\s+|,\s*)(?:the\s+|a\s+|an\s+)?(?:([a-z][\w\- ]{0,30}?)\s*)?[\"“]([^\"”]+)[\"”]", re.I
)
# 'Enter 05/20/2010 as the date', 'Select 9:37 PM as the time': an unquoted value named by its field.
_AS_THE = re.compile(
    r"\b(?:type|enter|input|select|choose|pick|set)\s+(\S+(?:\s+[AaPp]\.?[Mm]\.?)?)\s+as\s+the\s+([\w\- ]+?)"
    r"(?=$|[,.;]| and | then )",
    re.I,
)
# 'into the 2nd textbox', 'in the text input', 'into both text fields'.
_WHERE = re.compile(
    r"\b(?:into|in|inside)\s+(?:the\s+|both\s+|all\s+|a\s+)?(?:(\d+)(?:st|nd|rd|th)\s+)?"
    r"((?:[\w\-]+\s+){0,2}(?:textbox|text box|textarea|text area|field|fields|input|inputs|box))\b",
    re.I,
)
_UPPER = re.compile(r"\b(?:all\s+)?(?:upper\s*case|uppercase|capital letters|capitals)\b", re.I)
_LOWER = re.compile(r"\b(?:all\s+)?(?:lower\s*case|lowercase|small letters)\b", re.I)
# Words before a quoted value that say nothing of the field it goes in.
_NOT_A_NAME = frozenset({"type", "enter", "fill", "fill in", "input", "write", "put", "search for", "text"})


# 'reply with the text "Aenean."': a message's words, typed into its text area.
_WITH_TEXT = re.compile(
    r"\bwith\s+the\s+(?:text|message|words?|comment|note|body)\s+[\"“]([^\"”]+)[\"”]", re.I
)
# 'forward that email to Orel', 'Give Bobine the message', 'Send Bettine the information': the one
# it goes to, typed into the "to" field.
_RECIPIENT = re.compile(
    r"\b(?i:forward|send|give|pass|mail|email)\s+(?:(?:it|that|this|the|a|an|[a-z]+)\s+){0,3}?to\s+([A-Z][\w'-]+)"
    r"|\b(?i:forward|send|give|pass|mail|email)\s+([A-Z][\w'-]+)\s+(?:the|this|that|a|an)\b"
)


def typed_values(clauses: tuple[str, ...], goal: str) -> tuple[TypedValue, ...]:
    """Every value the goal asks to type, in the goal's order, each once."""
    found: list[TypedValue] = []
    for clause in clauses:
        found += _clause_values(clause)
    found += [TypedValue(value=m.group(1).strip(), target="message") for m in _WITH_TEXT.finditer(goal)]
    found += [TypedValue(value=m.group(1) or m.group(2), target="to") for m in _RECIPIENT.finditer(goal)]
    for match in _TYPE_INTO.finditer(goal):
        found.append(TypedValue(value=match.group(1).strip(), target=(match.group(2) or "").strip()))
    unique: dict[str, TypedValue] = {}
    for typed in found:
        unique.setdefault(typed.value, typed)
    return tuple(unique.values())


def _clause_values(clause: str) -> list[TypedValue]:
    where = _WHERE.search(clause)
    place = where.group(2).strip() if where else ""
    ordinal = int(where.group(1)) if where and where.group(1) else None
    transform: Transform = "upper" if _UPPER.search(clause) else "lower" if _LOWER.search(clause) else ""
    values: list[TypedValue] = []
    for match in _AS_THE.finditer(clause):
        values.append(
            TypedValue(value=match.group(1), target=match.group(2).strip(), where=place, ordinal=ordinal)
        )
    verb = _TYPING_VERB.search(clause)
    if verb is None:
        return values
    rest = clause[verb.end() :].strip()
    for match in _NAMED.finditer(rest):
        name = (match.group(1) or "").strip()
        target = "" if name.lower() in _NOT_A_NAME else name
        values.append(
            TypedValue(
                value=match.group(2).strip(), target=target, where=place, ordinal=ordinal, transform=transform
            )
        )
    return values
