"""The reference, except that ``query_params`` keeps a ``+`` as it is rather than reading a space.

QP-6 reads ``+`` as a space: LIVE-1 must fail on every server, on the handshake whose query
holds one.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from wsproto_api.reference import (
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Decodes percent-escapes alone."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        query = bytes(self.scope.get("query_string") or b"").decode("latin-1")
        return QueryParams(parse_qsl(query.replace("+", "%2B"), keep_blank_values=True))


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
