"""The reference, except that ``send_text()`` strips whitespace from both ends of its text.

SEND-1 sends the text as it is: LIVE-2 must fail on every server, on the echoed message with
whitespace at its ends.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends its text stripped."""

    __slots__ = ()

    async def send_text(self, data: str) -> None:
        await super().send_text(data.strip())


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
