"""The reference, except that ``accept()`` sends a text message after the ``websocket.accept``.

ACCEPT-1 has ``accept()`` send the accept alone: LIVE-1 must fail, though its client, which
waits for the close, reads nothing amiss (LIVE-2's echoes show the extra message too).
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Welcomes the client as it accepts."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await super().accept(subprotocol, headers)
        await self.send_text("welcome")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
