"""The reference whose header, query parameter and cookie values are of a ``str`` subclass.

HDR-9, QP-6 and CONN-10 give their values as ``str``; an instance of a subclass holding the
same text is one (SPEC.md's conventions leave a value's exact class to SHOULD clauses), so
every clause must pass.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import (
    Headers,
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference.query_params import parse_query
from wsproto_api.reference.scope import scope_query_string


class Text(str):
    """A framework's own text class: a ``str`` all the same."""

    __slots__ = ()


class TextHeaders(Headers):
    """The reference's headers, ``headers[name]`` of class ``Text``."""

    __slots__ = ()

    def __getitem__(self, key: str) -> str:
        """The reference's value, as a ``Text``."""
        return Text(super().__getitem__(key))


class WebSocket(reference.WebSocket):
    """The reference's connection, with those values."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        """The reference's headers, as ``TextHeaders``."""
        if self._headers is None:
            self._headers = TextHeaders(super().headers.raw)
        return self._headers

    @property
    def query_params(self) -> QueryParams:
        """The reference's query parameters, each value a ``Text``."""
        if self._query_params is None:
            pairs = parse_query(scope_query_string(self.scope).decode("latin-1"))
            self._query_params = QueryParams((key, Text(value)) for key, value in pairs)
        return self._query_params

    @property
    def cookies(self) -> dict[str, str]:
        """The reference's cookies, each name and value a ``Text``."""
        return {Text(name): Text(value) for name, value in super().cookies.items()}


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
