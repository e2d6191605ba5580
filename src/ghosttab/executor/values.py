"""Value conversions the page needs: dates for `<input type=date>`, and picking the closest option."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from rapidfuzz import fuzz, process

# Scores below this are "no option looks like what was asked for": high enough that "Bergen" never
# becomes "Bern" (80), low enough for typos ("Overnite", 82) and extra words ("Express (2 days)", 90).
MIN_OPTION_SCORE = 81.0

_DATE_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d",
    "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d %b, %Y", "%d %B, %Y", "%b %d, %Y", "%B %d, %Y",
    "%a %d %b %Y", "%A %d %B %Y", "%a, %d %b %Y", "%A, %d %B %Y", "%a, %b %d, %Y", "%A, %B %d, %Y",
)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b", re.IGNORECASE)


def parse_date(text: str) -> date | None:
    """Read a date written in a common way: ISO, `12/24/2026` (US unless the first part exceeds 12),
    `24.12.2026`, `24 Dec 2026`, `December 24th, 2026`, or an ISO timestamp."""
    cleaned = _ORDINAL.sub(r"\1", " ".join(text.strip().split()))
    if not cleaned:
        return None
    numeric = _NUMERIC_DATE.match(cleaned)
    if numeric:
        first, second, year = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3))
        if year < 100:
            year += 2000
        dotted = "." in cleaned
        # Dotted dates are day-first in the places that write them; slashes are read US-style
        # unless that cannot be a valid month.
        month, day = (second, first) if dotted or first > 12 else (first, second)
        try:
            return date(year, month, day)
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(cleaned).date()
    except ValueError:
        return None


def date_input_value(text: str, input_type: str) -> str | None:
    """The value an `<input type=date|month|datetime-local>` accepts for `text`, or None."""
    if input_type == "datetime-local":
        try:
            return datetime.fromisoformat(text.strip()).strftime("%Y-%m-%dT%H:%M")
        except ValueError:
            parsed = parse_date(text)
            return f"{parsed.isoformat()}T00:00" if parsed else None
    if input_type == "month" and re.fullmatch(r"\d{4}-\d{2}", text.strip()):
        return text.strip()
    parsed = parse_date(text)
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m") if input_type == "month" else parsed.isoformat()


_HINT_PART = re.compile(r"yyyy|yy|mm|dd|m|d", re.IGNORECASE)
_DATE_HINT = re.compile(r"^(?=.*y)(?=.*m)(?=.*d)[ymd]{1,4}([/.\-])[ymd]{1,4}\1[ymd]{1,4}$", re.IGNORECASE)


def date_for_hint(text: str, hint: str) -> str | None:
    """`text` written the way a field's hint shows dates (`mm/dd/yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`),
    or None when the hint is not a date pattern or `text` is not a date."""
    pattern = hint.strip()
    if not _DATE_HINT.match(pattern):
        return None
    parsed = parse_date(text)
    if parsed is None:
        return None
    parts = {"yyyy": f"{parsed.year:04d}", "yy": f"{parsed.year % 100:02d}", "mm": f"{parsed.month:02d}",
             "dd": f"{parsed.day:02d}", "m": str(parsed.month), "d": str(parsed.day)}  # fmt: skip
    return _HINT_PART.sub(lambda match: parts[match.group(0).lower()], pattern)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def best_option(wanted: str, options: list[str]) -> int | None:
    """Index of the option that is `wanted` (case-insensitive), or the closest fuzzy match, or None."""
    target = _norm(wanted)
    normalized = [_norm(option) for option in options]
    if not target:
        return None
    for index, option in enumerate(normalized):
        if option == target:
            return index
    match = process.extractOne(target, normalized, scorer=fuzz.WRatio, score_cutoff=MIN_OPTION_SCORE)
    if match is None:
        return None
    return int(match[2])


def pick_select_option(
    wanted: str, values: list[str], labels: list[str], also: Sequence[str] = ()
) -> int | None:
    """Index of the `<option>` matching `wanted` (or one of its other spellings `also`) by value or
    label exactly, else the best fuzzy label. Values are codes (`ovn`, `3`): they only match exactly.
    """
    for candidate in (wanted, *also):
        target = _norm(candidate)
        for index, (value, label) in enumerate(zip(values, labels, strict=True)):
            if target in (_norm(value), _norm(label)):
                return index
    return best_option(wanted, labels)


def date_part_values(text: str, part: str) -> list[str] | None:
    """The ways one part of the date `text` is written, the usual typed form first (`04`, `4` for a
    day; `05`, `5`, `May` for a month; `1990`, `90` for a year), or None when `text` is no date."""
    parsed = parse_date(text)
    if parsed is None:
        return None
    if part == "day":
        return [f"{parsed.day:02d}", str(parsed.day)]
    if part == "month":
        return [f"{parsed.month:02d}", str(parsed.month), parsed.strftime("%B"), parsed.strftime("%b")]
    return [str(parsed.year), f"{parsed.year % 100:02d}"]
