"""The reference, except that ``accept()`` given no subprotocol accepts the first one offered.

ACCEPT-1 sends the subprotocol ``accept()`` is given, ``None`` included: LIVE-1 must fail on
every server, on the handshake whose only offered subprotocol the route does not speak.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Picks a subprotocol itself when given none."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        offered = list(self.scope.get("subprotocols", []))
        if subprotocol is None and offered:
            subprotocol = offered[0]
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
