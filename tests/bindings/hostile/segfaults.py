"""The reference, except that ``close()`` reads address 0 and dies of SIGSEGV."""

from __future__ import annotations

import ctypes

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = closing_with(lambda: ctypes.string_at(0))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
