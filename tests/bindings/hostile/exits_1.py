"""The reference, except that ``close()`` ends its process with ``os._exit(1)``."""

from __future__ import annotations

import os

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = closing_with(lambda: os._exit(1))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
