"""The reference, except that ``close()`` fails at once with a ``TimeoutError`` of its own."""

from __future__ import annotations

from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Raises ``TimeoutError`` from ``close()`` without waiting for anything."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        raise TimeoutError("the close handshake timed out")


__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
