"""The reference whose query parameters keep ``+`` instead of reading it as a space.

QP-6 (how the query string is decoded) must fail. The tests of QP-3, QP-4 and QP-8 to QP-10
over query strings with ``+`` must be blocked by QP-6, not failed.
"""

from __future__ import annotations

from urllib.parse import unquote

from wsproto_api import reference
from wsproto_api.reference import (
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference.scope import scope_query_string


def _pairs(query: str) -> list[tuple[str, str]]:
    """The pairs of ``query``, escapes decoded and ``+`` kept."""
    pairs = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            pairs.append((unquote(key), unquote(value)))
    return pairs


class WebSocket(reference.WebSocket):
    """The reference's connection, decoding its query without reading ``+`` as a space."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        """The query's pairs, ``+`` kept."""
        return QueryParams(_pairs(scope_query_string(self.scope).decode("latin-1")))


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
