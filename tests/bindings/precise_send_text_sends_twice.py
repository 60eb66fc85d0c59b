"""The reference whose ``send_text()`` sends each text twice.

SEND-1 (one message per call) must fail; SEND-5 and SEND-6, whose rules are about data
refused and a valid send after it, are blocked by SEND-1 for ``send_text``, never failed.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, sending every text twice."""

    __slots__ = ()

    async def send_text(self, data: str) -> None:
        """Send ``data`` as the reference does, twice."""
        await super().send_text(data)
        await super().send_text(data)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
