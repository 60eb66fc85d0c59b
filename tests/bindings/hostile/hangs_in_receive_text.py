"""The reference, except that ``receive_text()`` waits forever: one method hangs, the rest work."""

from __future__ import annotations

import anyio

from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Hangs in ``receive_text()`` on an await that nothing ends."""

    __slots__ = ()

    async def receive_text(self) -> str:
        await anyio.sleep_forever()
        raise AssertionError("unreachable")


__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
