"""The reference, imported by a module that forks as it loads, both processes carrying on (a daemonising mistake).

Both processes then run the suite and write events to the one pipe the command line reads.
"""

from __future__ import annotations

import os

from wsproto_api.reference import (
    URL,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

os.fork()

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
