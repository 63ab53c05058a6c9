"""The announced-outcome history of an LOCC branch (private; public via :mod:`ketlab.locc`)."""

from __future__ import annotations

from collections.abc import Iterator

__all__ = ["Entry", "History"]

Entry = tuple[tuple[str, str], ...]
"""One step's announced outcomes: ``((party, label), ...)``."""


class History:
    """The announced outcomes so far, one entry per step: ``((party, label), ...)``.

    Stored as a linked list so that extending it costs O(1); ``len(h)`` is the number of
    steps taken, ``h.last`` the latest entry, ``h.entries()`` the whole tuple.

    Examples
    --------
    >>> h = History().extend((("A", "0"),)).extend((("B", "1"), ("C", "0")))
    >>> len(h), h.last
    (2, (('B', '1'), ('C', '0')))
    """

    __slots__ = ("_entries", "_entry", "_len", "_parent")

    def __init__(self, parent: History | None = None, entry: Entry | None = None) -> None:
        self._parent = parent
        self._entry = entry
        self._len: int = 0 if parent is None else parent._len + 1
        self._entries: tuple[Entry, ...] | None = None if parent is not None else ()

    def __len__(self) -> int:
        return self._len

    @property
    def last(self) -> Entry | None:
        """The latest entry (``None`` for the empty history)."""
        return self._entry

    def extend(self, entry: Entry) -> History:
        return History(self, entry)

    def entries(self) -> tuple[Entry, ...]:
        """All entries, oldest first (computed once, O(len))."""
        if self._entries is None:
            out: list[Entry] = []
            h: History | None = self
            while h is not None and h._parent is not None:
                assert h._entry is not None
                out.append(h._entry)
                h = h._parent
            self._entries = tuple(reversed(out))
        return self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries())

    def __repr__(self) -> str:
        return f"History({list(self.entries())!r})"
