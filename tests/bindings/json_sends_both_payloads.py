"""The reference, except that ``send_json()`` in text mode sends the JSON text also as ``bytes``.

ASGI requires exactly one of a ``websocket.send``'s ``text`` and ``bytes`` to be non-None.
Servers that send the bytes deliver JSON the client parses all the same: LIVE-2 must fail
there too.
"""

from __future__ import annotations

from typing import Literal

from wsproto_api.asgi import Message, Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends a JSON text message with both payload keys."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self._doubled = False
        if send is None:
            super().__init__(scope, receive, send)
            return
        downstream = send

        async def doubled(message: Message) -> None:
            if self._doubled and message.get("type") == "websocket.send" and isinstance(message.get("text"), str):
                message = {**message, "bytes": message["text"].encode()}
            await downstream(message)

        super().__init__(scope, receive, doubled)

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        self._doubled = True
        try:
            await super().send_json(data, mode)
        finally:
            self._doubled = False


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
