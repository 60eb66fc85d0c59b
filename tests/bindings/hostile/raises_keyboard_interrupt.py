"""The reference, except that ``close()`` raises ``KeyboardInterrupt``."""

from __future__ import annotations

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _interrupt() -> None:
    raise KeyboardInterrupt


WebSocket = closing_with(_interrupt)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
