"""The reference whose raw ``receive()`` returns a data message's payload instead of the message.

RAW-2 must fail it; STATE-10, whose rule is the refusal, reads the message after a refused
one with ``receive()`` only to show the connection still works, and must not.
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, giving the text or bytes of a ``websocket.receive`` message."""

    __slots__ = ()

    async def receive(self) -> Any:
        """Receive one message; of a data message, return only its payload."""
        message = await super().receive()
        if message["type"] == "websocket.receive":
            return message.get("text", message.get("bytes"))
        return message


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
