"""The reference, except that ``close()`` raises ``SystemExit(0)``."""

from __future__ import annotations

import sys

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

WebSocket = closing_with(lambda: sys.exit(0))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
