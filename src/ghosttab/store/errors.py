"""The one error the store raises for a database it cannot open or use."""

from __future__ import annotations

from ghosttab.errors import ErrorKind, ErrorSource, GhosttabError


class StoreError(GhosttabError):
    """A database URL, path or server that cannot be used; the message is one clear line."""

    kind = ErrorKind.RUNTIME
    source = ErrorSource.STORE
