"""The reference whose raw ``receive()`` raises ``WebSocketDisconnect`` for ``websocket.disconnect``, once received.

RAW-2 must fail it; STATE-2, whose rule is the state receiving moves to, must not: the
message was received, and the state moved.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, raising where it should return the client's disconnect."""

    __slots__ = ()

    async def receive(self) -> Message:
        """Receive one message; raise ``WebSocketDisconnect`` for a disconnect, after moving ``client_state``."""
        message = await super().receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason") or "")
        return message


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
