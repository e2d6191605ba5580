"""Reading a goal written in plain words: the values it names and the steps it asks for."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from ghosttab.navigator.matching import content_words

_QUOTED = re.compile(r"[\"“‘']([^\"”’']{1,200})[\"”’']")
_TYPE_INTO = re.compile(
    r"\b(?:type|enter|fill in|fill|input|write|put|search for)\s+[\"“‘']([^\"”’']+)[\"”’']"
    r"(?:\s+(?:into|in|as|for)\s+(?:the\s+)?([\w\- ]+?))?(?=$|[,.;]| and | then )",
    re.IGNORECASE,
)
_CHOOSE = re.compile(
    r"\b(?:choose|select|pick|set|use|opt for|tick|check)\s+(?:the\s+)?([\w\-\" ]+?)(?=$|[,.;]| and | then )",
    re.IGNORECASE,
)
_PRESS = re.compile(
    r"\b(?:press|click|tap|hit|push|follow|open)\s+(?:on\s+)?(?:the\s+)?[\"“]?([\w\-' ]+?)[\"”]?"
    r"(?:\s+(?:button|link|tab))?(?=$|[,.;]| and | then )",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(
    r"\s*(?:;|,\s*(?:and\s+)?then\s+|\bthen\b|,\s*and\s+|,\s+(?=[a-z]+\s))\s*", re.IGNORECASE
)

# Words in a goal that ask for a file, and the words a link that delivers one carries.
DOWNLOAD_WORDS = frozenset({"download", "pdf", "export", "invoice", "receipt", "csv", "file", "attachment"})
FILE_LINK_WORDS = frozenset({"download", "export", "pdf", "csv", "xlsx", "xls", "zip", "docx"})


class TypedValue(BaseModel):
    value: str
    target: str = ""


class GoalIntent(BaseModel):
    text: str
    words: list[str] = Field(default_factory=list)
    quoted: list[str] = Field(default_factory=list)
    typed: list[TypedValue] = Field(default_factory=list)
    choices: list[str] = Field(default_factory=list)
    presses: list[str] = Field(default_factory=list)
    clauses: list[str] = Field(default_factory=list)
    # Capitalised phrases of the instruction ("the Cargo Book"): names of things to look for.
    names: list[str] = Field(default_factory=list)
    wants_download: bool = False


_FIELD_REF = re.compile(r"\{[^{}]*\}")
# Words a goal uses for the web page itself, not for what to look for on it: a link titled "page for
# the primitive type char" has nothing to do with "open the page of HashMap".
_UI_WORDS = frozenset({"page", "site", "website", "webpage", "link", "button", "screen"})


def read_goal(goal: str, download: bool = False, template: str | None = None) -> GoalIntent:
    """`template` is the goal before its `{field}`s were filled: its words say what to do, while the
    filled-in values are matched as values, not as words of the instruction."""
    words = [
        word for word in content_words(_FIELD_REF.sub(" ", template) if template else goal)
        if word not in _UI_WORDS
    ]
    typed = [
        TypedValue(value=m.group(1).strip(), target=(m.group(2) or "").strip())
        for m in _TYPE_INTO.finditer(goal)
    ]
    return GoalIntent(
        text=goal,
        words=words,
        quoted=[m.group(1).strip() for m in _QUOTED.finditer(goal)],
        typed=typed,
        choices=[_strip_quotes(m.group(1)) for m in _CHOOSE.finditer(goal)],
        presses=[_strip_quotes(m.group(1)) for m in _PRESS.finditer(goal)],
        clauses=split_clauses(goal),
        names=proper_names(_FIELD_REF.sub(" , ", template) if template else goal),
        wants_download=download or bool(DOWNLOAD_WORDS.intersection(words)),
    )


_AND_VERB = re.compile(
    r"\s+and\s+(?=(?:then\s+)?(?:download|click|press|open|find|search|select|choose|submit|enter|type|fill|"
    r"register|sign|log|go|add|pay|book|save|export|print|confirm|accept|upload|send|check|pick)\b)",
    re.IGNORECASE,
)


def split_clauses(goal: str) -> list[str]:
    """'Log in, find PO-10023, then download its PDF' -> three clauses, in order."""
    parts = [piece.strip(" .") for part in _CLAUSE_SPLIT.split(goal) for piece in _AND_VERB.split(part)]
    return [part for part in parts if part]


_WORD = re.compile(r"[\w'’-]+|[^\w\s]")


def proper_names(text: str) -> list[str]:
    """Runs of capitalised words, leaving out each sentence's or clause's first word (a verb, most
    often): 'Open the Cargo Book and go to Getting Started' -> ['Cargo Book', 'Getting Started']."""
    names: list[str] = []
    run: list[str] = []
    starts_clause = True
    for token in [*_WORD.findall(text), "."]:
        capital = token[:1].isupper() and not starts_clause
        if capital:
            run.append(token)
        elif run:
            names.append(" ".join(run))
            run = []
        starts_clause = not token[:1].isalnum() or token.lower() in ("and", "then")
    return [name for name in dict.fromkeys(names) if len(name) >= 3]


def _strip_quotes(text: str) -> str:
    return text.strip().strip("\"“”'‘’").strip()


def goal_overlap(name: str, intent: GoalIntent) -> float:
    """The share of `name`'s content words the goal uses: the word itself, its first five letters, or
    a longer form of it ("call" in "called", "accept" in "accepting")."""
    words = content_words(name)
    if not words:
        return 0.0
    goal = set(intent.words)
    stems = {w[:5] for w in goal if len(w) >= 5}

    def used(word: str) -> bool:
        if word in goal or (len(word) >= 5 and word[:5] in stems):
            return True
        return len(word) >= 4 and any(g.startswith(word) for g in goal)

    return sum(1 for w in words if used(w)) / len(words)
