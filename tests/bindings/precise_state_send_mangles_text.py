"""The reference whose raw ``send()`` sends a text ``websocket.send`` message as the JSON of the message, in bytes.

STATE-12 must fail it; STATE-11, whose rule is the refusal, sends the next allowed message
only to show the connection still works, and must not.
"""

from __future__ import annotations

import json

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, serialising a text message it is given to send."""

    __slots__ = ()

    async def send(self, message: Message) -> None:
        """Send ``message``; a text ``websocket.send`` goes as its JSON, in a binary message."""
        if message.get("type") == "websocket.send" and message.get("text") is not None:
            message = {"type": "websocket.send", "bytes": json.dumps(message).encode()}
        await super().send(message)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
