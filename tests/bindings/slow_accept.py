"""The reference, except that ``accept()`` first waits 30 seconds: a live server can be killed mid-check."""

from __future__ import annotations

from collections.abc import Iterable

import anyio

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Takes its time to accept."""

    __slots__ = ()

    async def accept(
        self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
    ) -> None:
        await anyio.sleep(30)
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
