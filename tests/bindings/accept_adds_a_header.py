"""The reference, except that ``accept()`` sends a header of its own after those it is given.

LIVE-1 and ACCEPT-3 have it send the headers it is given, in order, and no others: LIVE-1
must fail on every server, though the client gets the header it was to get.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Adds ``x-powered-by`` to every accept."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await super().accept(subprotocol, [*(headers or []), (b"x-powered-by", b"probe")])


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
