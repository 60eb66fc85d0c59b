"""The reference, except that ``close()`` after ``accept()`` sends a text message before the close.

CLOSE-2 has ``close()`` send the ``websocket.close`` alone: LIVE-3 must fail on every server,
though the close itself carries the code and reason it was given.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Says goodbye, then closes."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if self.application_state is WebSocketState.CONNECTED:
            await self.send_text("goodbye")
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
