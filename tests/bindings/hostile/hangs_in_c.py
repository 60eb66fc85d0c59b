"""The reference, except that ``close()`` sleeps an hour inside C code, where no Python signal handler runs."""

from __future__ import annotations

import ctypes

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = closing_with(lambda: ctypes.CDLL(None).sleep(3600))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
