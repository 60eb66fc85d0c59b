"""Query parameters: an immutable multidict (SPEC.md, QP)."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, KeysView, Mapping, ValuesView
from operator import itemgetter
from urllib.parse import parse_qsl, urlencode

__all__ = ["QueryParams", "parse_query"]


def parse_query(query: str) -> list[tuple[str, str]]:
    """``parse_qsl(query, keep_blank_values=True)``, faster when nothing needs decoding.

    Without ``%`` or ``+`` there is nothing to unquote, and splitting is all ``parse_qsl``
    does: on ``&``, skipping empty chunks, then on the first ``=``, a chunk without one
    being a key with the value ``""`` (QP-3).
    """
    if "%" in query or "+" in query:
        return parse_qsl(query, keep_blank_values=True)
    pairs: list[tuple[str, str]] = []
    for chunk in query.split("&"):
        if chunk:
            name, _, value = chunk.partition("=")
            pairs.append((name, value))
    return pairs


class QueryParams(Mapping[str, str]):
    """Query parameters as ``str`` (QP-3, QP-4, QP-6 to QP-11).

    ``params[key]`` is the last value of ``key``; ``getlist`` and ``multi_items`` keep every
    pair in order.
    """

    __slots__ = ("_last", "_repeated")

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        every = list(pairs)
        self._last: dict[str, str] = dict(every)
        # Without a repeated key the dict holds every pair, in order, so the list is kept only
        # when a key repeats: most query strings have none, and a connection keeps its params.
        self._repeated: list[tuple[str, str]] | None = every if len(every) != len(self._last) else None

    @classmethod
    def from_query_string(cls, query_string: bytes) -> QueryParams:
        """Parse an ASGI ``query_string``: ``+`` is a space, blank values are kept (QP-3, QP-6)."""
        # ASGI's query_string is percent-encoded ASCII; latin-1 maps any stray byte to one
        # character rather than failing, and percent-escapes are decoded as UTF-8 (QP-6).
        return cls(parse_query(query_string.decode("latin-1")))

    def _pairs(self) -> list[tuple[str, str]]:
        """Every pair, in order."""
        repeated = self._repeated
        return list(self._last.items()) if repeated is None else repeated

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in order; ``[]`` when absent (QP-9)."""
        return [value for name, value in self._pairs() if name == key]

    def multi_items(self) -> list[tuple[str, str]]:
        """Every ``(key, value)`` pair, in order (QP-9)."""
        return list(self._pairs())

    def keys(self) -> KeysView[str]:
        """Each distinct key once, in order of first appearance (QP-8)."""
        return self._last.keys()

    def values(self) -> ValuesView[str]:
        """The last value of each distinct key, in the order of ``keys()`` (QP-11)."""
        return self._last.values()

    def items(self) -> ItemsView[str, str]:
        """Each distinct key with its last value, in the order of ``keys()`` (QP-11)."""
        return self._last.items()

    def __getitem__(self, key: str) -> str:
        return self._last[key]

    def __contains__(self, key: object) -> bool:
        return key in self._last

    def __iter__(self) -> Iterator[str]:
        """Each distinct key once, in order of first appearance, as ``keys()`` (QP-11)."""
        return iter(self._last)

    def __len__(self) -> int:
        return len(self._last)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueryParams):
            return NotImplemented
        # Values keep their order within a key: it decides which value params[key] gives.
        return sorted(self._pairs(), key=itemgetter(0)) == sorted(other._pairs(), key=itemgetter(0))

    __hash__ = None  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

    def __str__(self) -> str:
        """The pairs re-encoded in order (QP-4)."""
        return urlencode(self._pairs())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"
