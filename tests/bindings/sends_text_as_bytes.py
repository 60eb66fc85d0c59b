"""The reference whose ``send_text()`` sends the text encoded, as a binary message.

SEND-1 must fail it; CONN-1 and DENY-5, whose rules are about construction and a refused
denial response, use ``send_text()`` only to show a connection works, and must not.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, sending text as bytes."""

    __slots__ = ()

    async def send_text(self, data: str) -> None:
        """Send ``data`` UTF-8 encoded in a binary message: the wrong kind of message."""
        if not isinstance(data, str):
            raise TypeError(f"send_text() takes a str, not {type(data).__name__}")
        await self.send({"type": "websocket.send", "bytes": data.encode("utf-8")})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
