"""The reference whose query parameters drop a key written without ``=``.

QP-3 (a key with no ``=`` is kept with ``""``) must fail, and QP-6 pass: the tests of other
clauses over query strings with such keys must be blocked by QP-3, not by QP-6.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import (
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference.query_params import parse_query
from wsproto_api.reference.scope import scope_query_string


class WebSocket(reference.WebSocket):
    """The reference's connection, reading only the pairs of its query that hold ``=``."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        """The query's pairs written with ``=``."""
        query = scope_query_string(self.scope).decode("latin-1")
        return QueryParams(parse_query("&".join(piece for piece in query.split("&") if "=" in piece)))


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
