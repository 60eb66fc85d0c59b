"""The reference, except that ``close()`` sends no reason: LIVE-3 must fail, on every server."""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Closes with the code alone."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await super().close(code)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
