"""Fuzzy matching of words a person wrote (data keys, goal phrases) to what a page shows."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

_SPLIT = re.compile(r"[^0-9a-z]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

# Words that carry no meaning when comparing a field name with a label.
_FILLER = frozenset(
    {
        "the",
        "a",
        "an",
        "your",
        "you",
        "i",
        "me",
        "we",
        "us",
        "our",
        "of",
        "for",
        "to",
        "and",
        "or",
        "please",
        "my",
        "in",
        "on",
        "into",
        "then",
        "its",
        "it",
        "with",
        "from",
        "by",
        "at",
        "as",
        "this",
        "that",
        "is",
        "be",
    }
)

# Common names for the same thing on forms; each set is one meaning.
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"email", "e mail", "mail", "email address"}),
    frozenset({"username", "user name", "login", "user", "user id", "userid", "account", "login name"}),
    frozenset({"password", "pass", "passcode", "pwd", "passwd"}),
    frozenset({"phone", "telephone", "mobile", "tel", "phone number"}),
    frozenset({"zip", "postcode", "postal code", "zip code"}),
    frozenset({"first name", "given name", "forename", "fname"}),
    frozenset({"last name", "surname", "family name", "lname"}),
    frozenset({"search", "query", "q", "keywords", "find"}),
    frozenset({"quantity", "qty", "amount"}),
    frozenset({"date of birth", "dob", "birthday", "birth date"}),
    frozenset({"address", "street", "street address", "address line 1"}),
    frozenset({"company", "organisation", "organization", "business"}),
    frozenset({"description", "detail", "details", "describe"}),
)


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: `contactEmail`, `contact_email` -> `contact email`."""
    text = unicodedata.normalize("NFKD", text)
    text = _CAMEL.sub(" ", text)
    return " ".join(word for word in _SPLIT.split(text.lower()) if word)


# Words that end in "s" without being plurals: "news" is no more than one "new".
_NOT_PLURALS = frozenset(
    {"news", "series", "species", "means", "canvas", "atlas", "alias", "bias", "lens", "analytics", "physics",
     "politics", "economics", "mathematics", "always", "perhaps", "whereas", "towards", "afterwards"}
)  # fmt: skip


def stem(word: str) -> str:
    """A light plural fold, enough for form labels: products -> product, classes -> class."""
    if word in _NOT_PLURALS:
        return word
    if len(word) > 4 and word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    return [stem(word) for word in normalize(text).split() if word not in _FILLER]


def _synonym_set(phrase: str) -> frozenset[str] | None:
    for group in SYNONYMS:
        if phrase in group:
            return group
    return None


# Each word of the key starts a longer word of the label: "bio" ~ "Biography", "desc" ~ "Description".
ABBREVIATION = 0.78


def _abbreviates(word: str, label_words: list[str]) -> bool:
    """An abbreviation is short and leaves much of the word out ("order" ~ "ordered" is another form)."""
    longer = (other for other in label_words if len(other) >= len(word) + 3)
    return 3 <= len(word) <= 4 and any(other.startswith(word) for other in longer)


def name_similarity(key: str, label: str) -> float:
    """How well a data key (`contact_email`) names a field labelled `label` (`E-mail address`), 0..1."""
    a, b = normalize(key), normalize(label)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    words_a, words_b = content_words(key), content_words(label)
    if not words_a or not words_b:
        return 0.0
    joined_a, joined_b = " ".join(words_a), " ".join(words_b)
    if joined_a == joined_b or joined_a.replace(" ", "") == joined_b.replace(" ", ""):
        return 0.97
    # Synonyms are matched on the content words and on the whole wording ("date of birth" ~ "dob").
    best = max(_synonym_score(words_a, words_b), _synonym_score(a.split(), b.split()))
    set_a, set_b = set(words_a), set(words_b)
    if set_a <= set_b:
        # Every word of the key is in the label: "email" ~ "contact email".
        best = max(best, 0.9 - 0.05 * (len(set_b) - len(set_a)))
    elif set_b <= set_a:
        best = max(best, 0.85 - 0.08 * (len(set_a) - len(set_b)))
    if all(_abbreviates(word, words_b) for word in words_a):
        best = max(best, ABBREVIATION)
    ratio = fuzz.token_set_ratio(joined_a, joined_b) / 100.0
    return max(best, ratio * 0.85)


def _synonym_score(words_a: list[str], words_b: list[str]) -> float:
    """Any synonym phrase of the key inside the label (or the reverse) counts as a strong match."""
    text_a, text_b = " ".join(words_a), " ".join(words_b)
    best = 0.0
    for phrase_a in _phrases(words_a):
        group = _synonym_set(phrase_a)
        if group is None:
            continue
        for synonym in group:
            if _contains_phrase(text_b, synonym):
                rest = len(words_a) - len(phrase_a.split())
                best = max(best, 0.9 - 0.1 * rest)
    for phrase_b in _phrases(words_b):
        group = _synonym_set(phrase_b)
        if group is not None and any(_contains_phrase(text_a, s) for s in group):
            best = max(best, 0.8)
    return best


def _phrases(words: list[str]) -> list[str]:
    return [" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)]


def _contains_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def value_similarity(value: str, text: str) -> float:
    """How well a value (`Tuesday Evening`, `express`) names an option or a link text, 0..1."""
    a, b = normalize(value), normalize(text)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if _contains_phrase(b, a):
        return 0.92 if len(a) >= 3 else 0.6
    if _contains_phrase(a, b) and len(b) >= 3:
        return 0.8
    return fuzz.token_sort_ratio(a, b) / 100.0 * 0.85


def contains_value(haystack: str, value: str) -> bool:
    """True when `value` stands in `haystack` as whole words (case and punctuation folded)."""
    a = normalize(value)
    return bool(a) and _contains_phrase(normalize(haystack), a)
