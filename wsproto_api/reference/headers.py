"""Request headers: an immutable, case-insensitive multidict (SPEC.md, HDR)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from operator import itemgetter
from typing import Final, TypeVar, overload

__all__ = ["Headers"]

_T = TypeVar("_T")


def _wire_name(key: object) -> bytes | None:
    """``key`` as the bytes a header name is compared in, if it can be one."""
    if type(key) is str:
        return _remembered_fold(key)
    # A str subclass may hash and compare as it likes, so it is not cached.
    return _fold(key) if isinstance(key, str) else None


def _fold(key: str) -> bytes | None:
    """``key`` encoded as latin-1 and folded, ``None`` if no header name can hold it (HDR-8).

    Field names are ASCII tokens, so only ASCII letters are folded (``bytes.lower``).
    """
    try:
        return key.encode("latin-1").lower()
    except UnicodeEncodeError:
        return None


# An application asks for the same few names on every connection: remember their folding.
_remembered_fold: Final = lru_cache(maxsize=512)(_fold)


def _folded_name(header: tuple[bytes, bytes]) -> bytes:
    return header[0].lower()


_name: Final = itemgetter(0)
"""A header pair's name."""

_value: Final = itemgetter(1)
"""A header pair's value."""

SCANNED_AT_MOST: Final = 16
"""Up to this many headers, a lookup scans the pairs themselves.

A browser sends a dozen or so headers, and an application reads a few of them, most near
the front (``host``, ``user-agent``, ``origin``): scanning those pairs costs less than
folding every name first, and keeps the connection smaller.
"""

HASHED_AFTER: Final = 4
"""Beyond ``SCANNED_AT_MOST`` headers, lookups search the folded names until this many were
made; the next one hashes the names, and every lookup after it costs the same however many
headers came.

Hashing the names costs about what four scans of them do, so a connection that reads a
header or two, even among thousands, never pays for it, and one that reads more pays for it
once.
"""


def _lowered_names(names: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """``names`` with ASCII letters lowered."""
    try:
        joined = b"".join(names)
        # Servers usually send lower-case names already; then the names are their own
        # folding, and the connection keeps no second copy of them.
        return names if joined.lower() == joined else tuple(map(bytes.lower, names))
    except TypeError:
        # Not all bytes: Headers built by hand from other pairs.
        return tuple([name.lower() for name in names])


class Headers(Mapping[str, str]):
    """Headers as ``str``, looked up without regard to case (HDR-2, HDR-5 to HDR-13).

    ``headers[name]`` is the first value; ``getlist`` gives them all. ``keys()``,
    ``values()`` and ``items()`` are lists with one entry per header, duplicates included.
    """

    __slots__ = ("_first", "_folded", "_raw", "_searches")

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        self._raw: list[tuple[bytes, bytes]] = list(raw)
        self._folded: tuple[bytes, ...] | None = None
        # Keyed by folded name; looked up with None too, for a key no header name can hold.
        self._first: dict[bytes | None, bytes] | None = None
        self._searches = 0

    def _folded_names(self) -> tuple[bytes, ...]:
        """The names with ASCII letters lowered, in order, built on first use.

        What ``getlist`` and the lookups among more than ``SCANNED_AT_MOST`` headers search,
        and what those hash. ASGI lets servers keep the client's case, so the scope's names
        are lowered too (HDR-2). Searching a tuple of names with ``tuple.index`` runs in C,
        where a loop over the pairs would lower every name on every lookup.
        """
        folded = self._folded
        if folded is None:
            folded = self._folded = _lowered_names(tuple(map(_name, self._raw)))
        return folded

    def _first_value(self, wanted: bytes | None) -> bytes | None:
        """The first value of the header whose folded name is ``wanted``, or ``None`` (HDR-9)."""
        first = self._first
        if first is not None:
            return first.get(wanted)
        raw = self._raw
        if len(raw) > SCANNED_AT_MOST:
            folded = self._folded_names()
            if self._searches < HASHED_AFTER:
                self._searches += 1
                try:
                    return raw[folded.index(wanted)][1]
                except ValueError:
                    return None
            # Reversed, so that the first of several values of a name is the one kept.
            first = self._first = dict(zip(folded[::-1], map(_value, reversed(raw)), strict=True))
            return first.get(wanted)
        if wanted is None:
            return None
        size = len(wanted)
        for name, value in raw:
            # Servers send lower-case names, which need no folding (HDR-2).
            if name == wanted or (len(name) == size and name.lower() == wanted):
                return value
        return None

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """A new list of the ``(name, value)`` byte pairs, in order (HDR-6)."""
        return list(self._raw)

    def getlist(self, key: str) -> list[str]:
        """Every value of header ``key``, in order; ``[]`` when absent (HDR-10)."""
        wanted = _wire_name(key)
        folded = self._folded_names()
        return [value.decode("latin-1") for name, (_, value) in zip(folded, self._raw, strict=True) if name == wanted]

    def __getitem__(self, key: str) -> str:
        # _wire_name's common case and _first_value's dict written out: a call is a fair part of a lookup.
        wanted = _remembered_fold(key) if key.__class__ is str else _wire_name(key)
        first = self._first
        value = first.get(wanted) if first is not None else self._first_value(wanted)
        if value is None:
            raise KeyError(key)
        return value.decode("latin-1")

    @overload
    def get(self, key: str, /) -> str | None: ...
    @overload
    def get(self, key: str, default: str, /) -> str: ...
    @overload
    def get(self, key: str, default: _T, /) -> str | _T: ...
    def get(self, key: str, default: object = None) -> object:
        """The first value of header ``key``, or ``default`` (HDR-9)."""
        # Mapping.get would call __getitem__ and catch its KeyError: one call more and an exception.
        wanted = _remembered_fold(key) if key.__class__ is str else _wire_name(key)
        first = self._first
        value = first.get(wanted) if first is not None else self._first_value(wanted)
        if value is None:
            return default
        return value.decode("latin-1")

    def __contains__(self, key: object) -> bool:
        return self._first_value(_wire_name(key)) is not None

    def __iter__(self) -> Iterator[str]:
        """Every header name, duplicates included, in order, as ``keys()`` (HDR-12)."""
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._raw)

    # The spec asks for one entry per header, duplicates included (HDR-12), where a plain
    # Mapping would give views of distinct keys; it leaves the container type open, and a
    # list is the simplest one.
    def keys(self) -> list[str]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every header name, duplicates included, in order (HDR-12)."""
        return [name.decode("latin-1") for name, _ in self._raw]

    def values(self) -> list[str]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every header value, in order (HDR-12)."""
        return [value.decode("latin-1") for _, value in self._raw]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every ``(name, value)`` pair, in order (HDR-12)."""
        return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in self._raw]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        # Values keep their order within a name: it decides which value headers[name] gives.
        return sorted(self._raw, key=_folded_name) == sorted(other._raw, key=_folded_name)

    __hash__ = None  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.items()!r})"
