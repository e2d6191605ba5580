"""Reading a goal written in plain words, once per task: the typed `Intent` every rule, the plan and
find-in-page read (the verbs and objects of its clauses, the values it quotes or names, the data and
secret keys it refers to, and constraints such as "both fields", "all", "the second")."""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, ConfigDict

from ghosttab.navigator.goal_values import TypedValue, typed_values
from ghosttab.navigator.matching import content_words, name_similarity
from ghosttab.spec import goal_literals

_CHOOSE = re.compile(
    r"\b(?:choose|select|pick|set(?!\s+up\b)|use|opt for|tick|check)\s+(?:the\s+)?"
    r"([\w\-\" ]+?)(?=$|[,.;]| and | then )",
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


class Quantity(str, Enum):
    """How many of the things it names the goal asks for."""

    ONE = "one"
    BOTH = "both"
    ALL = "all"


class Clause(BaseModel):
    """One instruction of the goal: its verb ("click") and what it acts on ("the Submit button")."""

    model_config = ConfigDict(frozen=True)

    verb: str
    object: str = ""


class Intent(BaseModel):
    """What the navigator understood of the goal, parsed once per task."""

    model_config = ConfigDict(frozen=True)

    text: str
    words: tuple[str, ...] = ()
    quoted: tuple[str, ...] = ()
    typed: tuple[TypedValue, ...] = ()
    choices: tuple[str, ...] = ()
    presses: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    # Capitalised phrases of the instruction ("the Cargo Book"): names of things to look for.
    names: tuple[str, ...] = ()
    wants_download: bool = False
    verbs: tuple[Clause, ...] = ()
    # The task's data keys in the order the goal names them (`{name}` first in 'Change the email of
    # {name} to {email}'), and the secret keys a sign-in will use.
    data_keys: tuple[str, ...] = ()
    secret_keys: tuple[str, ...] = ()
    # Each thing a "select A, B and C" names, for boxes to tick or entries to pick.
    choice_items: tuple[str, ...] = ()
    quantity: Quantity = Quantity.ONE
    # "the second", "the 3rd", "the last" (-1): which of several like things the goal means.
    ordinal: int | None = None
    # The records the goal acts on, by who they are of: "the email by Audrey", "posts by @leonie",
    # "for the user @leo" -> ('Audrey',), ('@leonie',), ('@leo',). Read from the goal's own words,
    # not from the task's values filled into it ("Create an order for {customer}" names none).
    subjects: tuple[str, ...] = ()
    # How many of them: "on 3 posts" -> 3.
    count: int | None = None
    # The kinds of thing the goal names a record of: 'a new room called "X"' -> ('room',); an app
    # lists them under the kind's name ("Rooms").
    kinds: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line for the step record: what was understood."""
        parts = [f"verbs={[f'{c.verb} {c.object}'.strip() for c in self.verbs]}"]
        for name in _SHOWN_FIELDS:
            value = getattr(self, name)
            if value:
                shown = [t.text for t in value] if name == "typed" else list(value)
                parts.append(f"{name}={shown}")
        if self.quantity != Quantity.ONE:
            parts.append(f"quantity={self.quantity.value}")
        if self.ordinal is not None:
            parts.append(f"ordinal={self.ordinal}")
        if self.wants_download:
            parts.append("download")
        return "intent: " + " ".join(parts)


_READ_ONLY = frozenset({"message", "to"})
_SHOWN_FIELDS = (
    "quoted", "names", "typed", "presses", "choices", "subjects", "kinds", "data_keys", "secret_keys"
)
_FIELD_REF = re.compile(r"\{[^{}]*\}")
# Words a goal uses for the web page itself, not for what to look for on it: a link titled "page for
# the primitive type char" has nothing to do with "open the page of HashMap".
_UI_WORDS = frozenset({"page", "site", "website", "webpage", "link", "button", "screen"})


def read_goal(
    goal: str,
    download: bool = False,
    template: str | None = None,
    data: dict[str, str] | None = None,
    secret_names: list[str] | None = None,
) -> Intent:
    """`template` is the goal before its `{field}`s were filled: its words say what to do, while the
    filled-in values are matched as values, not as words of the instruction."""
    words = [
        word
        for word in content_words(_FIELD_REF.sub(" ", template) if template else goal)
        if word not in _UI_WORDS
    ]
    clauses = split_clauses(goal)
    # A message or recipient the goal quotes from the task's own values is the data's to type.
    given = set((data or {}).values())
    typed = tuple(
        t for t in typed_values(tuple(clauses), goal) if not (t.target in _READ_ONLY and t.value in given)
    )
    return Intent(
        text=goal,
        words=tuple(words),
        quoted=tuple(goal_literals(goal)),
        typed=typed,
        choices=tuple(_strip_quotes(_LIST_TAIL.sub("", m.group(1))) for m in _CHOOSE.finditer(goal)),
        presses=tuple(_strip_quotes(m.group(1)) for m in _PRESS.finditer(goal)),
        clauses=tuple(clauses),
        names=tuple(proper_names(_FIELD_REF.sub(" , ", template) if template else goal)),
        wants_download=download or bool(DOWNLOAD_WORDS.intersection(words)),
        verbs=tuple(_clause_verb(clause) for clause in clauses),
        data_keys=_data_keys(template or goal, data or {}),
        secret_keys=_secret_keys(goal, secret_names or []),
        choice_items=_choice_items(goal),
        quantity=_quantity(goal),
        ordinal=_ordinal(goal),
        subjects=_subjects(_FIELD_REF.sub(" ", template) if template else goal),
        count=_count(goal),
        kinds=_kinds(_FIELD_REF.sub("X", template) if template else goal),
    )


# A handle ("@leonie") anywhere, or a capitalised name after a word that says whose a record is.
_HANDLE = re.compile(r"(?<![\w@])@[\w.-]*\w")
_OWNER = re.compile(
    r"\b(?:by|from|of|for|user|contact|named|[Ff]ind|[Ll]ocate)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)"
)
# "the email Lidia sent", "the message Cora wrote": whose it is, after the thing.
_AUTHOR = re.compile(r"\b([A-Z][\w'-]+)\s+(?:sent|wrote|posted|shared|forwarded)\b")
_COUNT = re.compile(r"\b(?:on|to|for|in)\s+(\d{1,2})\s+(?!\w+\s+(?:ago|times)\b)[a-z]+\b", re.I)


def _subjects(goal: str) -> tuple[str, ...]:
    found = [m.group(0) for m in _HANDLE.finditer(goal)] + [m.group(1) for m in _OWNER.finditer(goal)]
    found += [m.group(1) for m in _AUTHOR.finditer(goal)]
    return tuple(dict.fromkeys(found))


# 'a new room called "X"', 'the session type "X"', 'a new track': the kind of record, one or two words.
_KIND = re.compile(
    r"\b(?:a|an|the)\s+(?:new\s+)?([a-z]+(?:\s(?!(?:called|named|titled|labell?ed)\b)[a-z]+)?)"
    r"(?:\s+(?:called|named|titled|labell?ed)|,?\s+[\"“])"
    r"|\bnew\s+([a-z]+)\b(?!\s+[a-z]+\s+(?:called|named|titled|[\"“]))"
    r"|(?<=\w)['’]s\s+([a-z]+)\b",
    re.I,
)
_NOT_KINDS = frozenset({"one", "value", "text", "word", "words", "button", "link", "field", "option"})


def _kinds(goal: str) -> tuple[str, ...]:
    found = [m.group(1) or m.group(2) or m.group(3) for m in _KIND.finditer(goal)]
    # A kind is written in lower case ("New e-book app" is a title, not a new "e").
    kinds = [kind for kind in found if kind.islower() and len(kind) >= 3 and kind not in _NOT_KINDS]
    return tuple(dict.fromkeys(kinds))


# Kinds of record apps name in other words: a conference's talks are its sessions or proposals.
KIND_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"talk", "session", "proposal", "submission", "presentation", "workshop"}),
    frozenset({"ticket", "issue", "case"}),
    frozenset({"article", "post", "story"}),
    frozenset({"customer", "client"}),
    frozenset({"product", "item"}),
)


def kind_lists(intent: Intent) -> tuple[str, ...]:
    """What an app calls the list of the goal's kinds: 'room' -> 'rooms', 'category' -> 'categories',
    'talk' -> 'talks', 'sessions', 'proposals' …"""
    kinds = [*intent.kinds]
    groups = [group for kind in intent.kinds for group in KIND_SYNONYMS if kind in group]
    kinds += [other for group in groups for other in sorted(group)]
    plural = [kind[:-1] + "ies" if kind.endswith("y") else kind + ("es" if kind.endswith("s") else "s")
              for kind in kinds]  # fmt: skip
    return tuple(dict.fromkeys(plural))


def _count(goal: str) -> int | None:
    found = _COUNT.search(goal)
    return int(found.group(1)) if found else None


_CHOICE_LIST = re.compile(
    r"\b(?:select|choose|pick|check|tick|mark)\s+(?:the\s+)?(.+?)"
    r"(?=\s+(?:and\s+|, )?(?:then\s+)?(?:click|press|hit|submit|tap)\b|[.;]|$)",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)\s*")
_LIST_TAIL = re.compile(r"\s+(?:from|in|on|of)\s+the\s+.*$", re.I)


def _choice_items(goal: str) -> tuple[str, ...]:
    """'Select nb, 8qiSp3m and U6gHF and click Submit' -> ('nb', '8qiSp3m', 'U6gHF')."""
    items: list[str] = []
    for found in _CHOICE_LIST.finditer(goal):
        listed = _LIST_TAIL.sub("", found.group(1))
        items += [_strip_quotes(part) for part in _LIST_SPLIT.split(listed) if part.strip()]
    return tuple(dict.fromkeys(item for item in items if item))


def _clause_verb(clause: str) -> Clause:
    words = clause.split(maxsplit=1)
    verb = words[0].lower().strip(",.:;\"'") if words else ""
    return Clause(verb=verb, object=words[1].strip() if len(words) > 1 else "")


def _data_keys(template: str, data: dict[str, str]) -> tuple[str, ...]:
    """The data keys in the order the goal's template names them, then the keys it does not name."""
    named = sorted((template.find("{" + key + "}"), key) for key in data if "{" + key + "}" in template)
    keys = [key for _, key in named]
    return tuple([*keys, *(key for key in data if key not in keys)])


_SIGN_IN = re.compile(r"\b(log ?in|sign ?in|logon|authenticate|password|credentials)\b", re.I)
# How close a secret's key must come to a word of the goal for the goal to name it.
SECRET_NAMED = 0.8


def _secret_keys(goal: str, secret_names: list[str]) -> tuple[str, ...]:
    """The secrets the goal uses: all of them when it asks to sign in, else those it names."""
    if _SIGN_IN.search(goal):
        return tuple(secret_names)
    words = content_words(goal)
    return tuple(k for k in secret_names if any(name_similarity(k, w) >= SECRET_NAMED for w in words))


_BOTH = re.compile(r"\b(both|each of the two)\b", re.I)
_ALL = re.compile(r"\b(all|every|each)\b", re.I)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "last": -1}
_ORDINAL = re.compile(r"\bthe\s+(first|second|third|fourth|fifth|sixth|last|(\d+)(?:st|nd|rd|th))\b", re.I)


def _quantity(goal: str) -> Quantity:
    if _BOTH.search(goal):
        return Quantity.BOTH
    return Quantity.ALL if _ALL.search(goal) else Quantity.ONE


def _ordinal(goal: str) -> int | None:
    found = _ORDINAL.search(goal)
    if found is None:
        return None
    return int(found.group(2)) if found.group(2) else _ORDINALS[found.group(1).lower()]


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


def goal_overlap(name: str, intent: Intent) -> float:
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
