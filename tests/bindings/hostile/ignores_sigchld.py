"""The reference, but importing it sets SIGCHLD to be ignored, so that the kernel reaps child processes."""

from __future__ import annotations

import signal

from wsproto_api.reference import (
    URL,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

signal.signal(signal.SIGCHLD, signal.SIG_IGN)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
