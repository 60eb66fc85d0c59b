"""The reference without ``send_denial_response``: the denial feature is absent, and LIVE-5 with it."""

from __future__ import annotations

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = connection_without("send_denial_response")

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
