"""The reference, except that ``close()`` sleeps an hour inside C code that keeps the interpreter lock.

No other Python thread runs meanwhile, so only a watchdog outside Python can end the process.
"""

from __future__ import annotations

import ctypes

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = closing_with(lambda: ctypes.PyDLL(None).sleep(3600))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
