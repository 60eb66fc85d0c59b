"""The reference, whose ``accept()`` sends nothing once ``receive()`` took ``websocket.connect``.

As Litestar's. ACCEPT-2 fails; the refusals of ACCEPT-7 to ACCEPT-9, which accept such a
connection only to show that a refused call left it as it was, are blocked by it there.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import state as _state
from wsproto_api.reference.arguments import check_accept_headers, check_subprotocol


class WebSocket(_Reference):
    """The reference, returning from ``accept()`` without sending after ``receive()``."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Check the arguments as the reference does; send the accept only on a new connection."""
        if self.client_state is _state.CONNECTED and self.application_state is _state.CONNECTING:
            check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
            if headers is not None:
                check_accept_headers(headers, subprotocol)
            return
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
