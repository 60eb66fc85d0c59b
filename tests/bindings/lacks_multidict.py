"""The reference without the multidict feature: its headers show a repeated header's first value alone."""

from __future__ import annotations

from tests.bindings.wrapped import MULTIDICT_MEMBERS, connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = connection_without(*MULTIDICT_MEMBERS)

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
