"""The reference without ``headers.getlist``: the multidict feature is present, through its other members."""

from __future__ import annotations

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = connection_without("headers.getlist")

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
