"""Value conversions the page needs: picking the closest option (dates live in `ghosttab.dates`)."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from ghosttab.dates import date_for_hint, date_input_value, date_part_values, parse_date

# Scores below this are "no option looks like what was asked for": high enough that "Bergen" never
# becomes "Bern" (80), low enough for typos ("Overnite", 82) and extra words ("Express (2 days)", 90).
MIN_OPTION_SCORE = 81.0


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


__all__ = [
    "best_option", "date_for_hint", "date_input_value", "date_part_values", "parse_date",
    "pick_select_option",
]
