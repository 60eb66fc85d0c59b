"""The reference, except that ``accept()`` sends the accept without receiving ``websocket.connect``.

As Falcon's, whose app receives that message before it builds the connection: the next
receive is handed ``websocket.connect``. ACCEPT-1 fails; what is judged on an accepted
connection is blocked by it.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends ``websocket.accept`` raw, leaving ``websocket.connect`` to whoever receives next."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": list(headers or [])})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
