"""The reference, except that ``send_bytes(b"")`` sends nothing: LIVE-2 must fail, on every server."""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Skips empty binary messages."""

    __slots__ = ()

    async def send_bytes(self, data: bytes) -> None:
        if data:
            await super().send_bytes(data)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
