"""A binding whose query parameters' ``keys`` returns a ``KeysView`` class of its own.

A checker prints that class as ``KeysView[str]``, as it prints the contract's
``collections.abc.KeysView[str]``, so the contract's signature of ``keys`` and this one
print alike though the checker rejects one for the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from wsproto_api.reference import QueryParams as _ReferenceQueryParams
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketDisconnect

_K = TypeVar("_K")


class KeysView(Generic[_K]):
    """A list of keys, named like ``collections.abc.KeysView`` but no subclass of it."""

    def __init__(self, keys: Iterable[_K]) -> None:
        self._keys = list(keys)

    def __iter__(self) -> Iterator[_K]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class QueryParams(_ReferenceQueryParams):
    """The reference's query parameters, but for ``keys``."""

    __slots__ = ()

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        """Each distinct key once."""
        return KeysView(super().keys())


class WebSocket(_Reference):
    """The reference's connection, with the query parameters above."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        """The query parameters."""
        return QueryParams(super().query_params.multi_items())


__all__ = ["QueryParams", "WebSocket", "WebSocketDisconnect"]
