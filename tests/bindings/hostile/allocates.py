"""The reference, except that ``close()`` allocates memory until there is none."""

from __future__ import annotations

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _hoard() -> None:
    hoard: list[bytearray] = []
    while True:
        hoard.append(bytes(16 * 1024 * 1024))


WebSocket = closing_with(_hoard)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
