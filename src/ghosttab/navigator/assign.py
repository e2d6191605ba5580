"""Pairing a form's text fields with the task's data keys: each key fills one field and each field
takes one key, the strongest pairs first."""

from __future__ import annotations

from collections import Counter

# A field's element index, and whether it asks to confirm another field's value ("Confirm e-mail"
# takes the key its original field takes, so confirmations draw on keys of their own).
Slot = tuple[int, bool]


def assign_keys(candidates: dict[Slot, dict[str, float]]) -> dict[Slot, tuple[str, float]]:
    """Greedy by score; among equal scores the most constrained pair goes first: a key that names
    only one field takes it before a key that names two ("name" takes "Traveller name", so
    "travellers" is left to "Number of travellers")."""
    key_options = Counter((key, confirm) for (_, confirm), keys in candidates.items() for key in keys)
    pairs = sorted(
        (-score, key_options[(key, slot[1])] + len(keys), order, slot, key)
        for order, (slot, keys) in enumerate(candidates.items())
        for key, score in keys.items()
    )
    assigned: dict[Slot, tuple[str, float]] = {}
    taken: set[tuple[str, bool]] = set()
    for negative_score, _constraint, _order, slot, key in pairs:
        if slot in assigned or (key, slot[1]) in taken:
            continue
        assigned[slot] = (key, -negative_score)
        taken.add((key, slot[1]))
    return assigned
