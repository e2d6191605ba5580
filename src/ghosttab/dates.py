"""Dates written in the common ways: reading them, and writing them as a field takes them (an
`<input type=date>`, a hint like `mm/dd/yyyy`, one part of a date). Shared by the navigator and the
executor, so neither imports the other."""

from __future__ import annotations

import re
from datetime import date, datetime

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


_CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([AaPp])?\.?[Mm]?\.?$")


def time_input_value(text: str) -> str | None:
    """The value an `<input type=time>` accepts (`21:37`) for `9:37 PM`, `21:37`, `9 pm`, or None."""
    found = _CLOCK.match(text.strip())
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    half = (found.group(4) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def date_input_value(text: str, input_type: str) -> str | None:
    """The value an `<input type=date|month|datetime-local|time>` accepts for `text`, or None."""
    if input_type == "time":
        return time_input_value(text)
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
