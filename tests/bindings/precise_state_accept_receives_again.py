"""The reference whose ``accept()`` awaits ``receive`` even when ``websocket.connect`` was already received.

ACCEPT-2 must fail it; STATE-15, whose ``accept()`` after ``receive()`` never reaches the
peer's ``send``, is blocked by ACCEPT-2, not by ACCEPT-1, which it passes. So is DENY-8, whose
``accept()`` after ``receive()`` and a denial response awaits past the peer's script.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, receiving once more before it accepts a connection past connect."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Accept, first receiving one more message when ``websocket.connect`` was received already."""
        if self.client_state is not WebSocketState.CONNECTING:
            await self.receive()
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
