"""The one error the store raises for a database it cannot open or use."""

from __future__ import annotations


class StoreError(Exception):
    """A database URL, path or server that cannot be used; the message is one clear line."""

    def __init__(self, message: str) -> None:
        one_line = " ".join(message.split())
        super().__init__(one_line)
        self.message = one_line
