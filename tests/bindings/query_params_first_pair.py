"""The reference, except that ``query_params`` holds only the query string's first pair.

LIVE-1 must fail on every server: the handshake's query has a second key, which the binding
does not show.
"""

from __future__ import annotations

from wsproto_api.reference import (
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Drops every query parameter after the first."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        return QueryParams(super().query_params.multi_items()[:1])


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
