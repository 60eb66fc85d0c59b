"""The reference, except that ``receive()`` skips ``websocket.connect`` (``accept()`` still receives it).

As asgi-tools' ``receive()``, which waits for the message after it. RAW-2 fails; a test that
needs the first ``receive()`` to give ``websocket.connect`` is blocked by it, without waiting.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.asgi import Message, Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Hands ``receive()``'s caller the message after ``websocket.connect``."""

    __slots__ = ("_accepting",)

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        self._accepting = False

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        # The reference's accept() receives through receive(): it must still get the connect.
        self._accepting = True
        try:
            await super().accept(subprotocol, headers)
        finally:
            self._accepting = False

    async def receive(self) -> Message:
        message = await super().receive()
        if message["type"] == "websocket.connect" and not self._accepting:
            return await super().receive()
        return message


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
