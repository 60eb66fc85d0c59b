"""The reference, but importing it starts a thread that never ends and is no daemon."""

from __future__ import annotations

import threading
import time

from wsproto_api.reference import (
    URL,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

threading.Thread(target=time.sleep, args=(3600,), name="never-ends").start()

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
