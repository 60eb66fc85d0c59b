"""The reference without ``url``: HDR-7, whose rule is about the scope, must be blocked by URL-1."""

from __future__ import annotations

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = connection_without("url")

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
