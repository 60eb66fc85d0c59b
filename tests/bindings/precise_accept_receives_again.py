"""The reference whose ``accept()`` receives once more when ``receive()`` already took ``websocket.connect``.

ACCEPT-2 must fail. The tests that accept after a refused call on such a connection (ACCEPT-7
to ACCEPT-9, SEND-3, RECV-4) judged the refusal, which was right: they must be blocked by
ACCEPT-2, not failed.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.arguments import check_accept_headers, check_subprotocol
from wsproto_api.reference.state import CONNECTING


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``accept()`` takes a message whatever came before."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        """Check the arguments, receive (once too often after a raw receive), then send the accept."""
        self._next_application_state({"type": "websocket.accept"})
        check_subprotocol(subprotocol, self.scope.get("subprotocols", []))
        pairs = [] if headers is None else check_accept_headers(headers, subprotocol)
        if self.client_state is CONNECTING:
            await self.receive()
        elif self._receive is not None:
            await self._receive()
        await self.send({"type": "websocket.accept", "subprotocol": subprotocol, "headers": pairs})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
