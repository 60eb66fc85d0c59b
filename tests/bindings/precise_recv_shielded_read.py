"""The reference whose read from the peer outlives a cancelled receive, on asyncio.

The next receive takes the read still pending instead of calling the peer's ``receive`` again,
so no message is lost: RECV-10 must pass. (On trio it reads as the reference does.)
"""

from __future__ import annotations

import asyncio

import sniffio

from wsproto_api import reference
from wsproto_api.asgi import Message, Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _shielded(receive: Receive) -> Receive:
    """``receive``, whose pending call a cancelled caller leaves for the next one."""
    pending: list[asyncio.Future[Message]] = []

    async def read() -> Message:
        if sniffio.current_async_library() != "asyncio":
            return await receive()
        if not pending:
            pending.append(asyncio.ensure_future(receive()))
        message = await asyncio.shield(pending[0])
        pending.clear()
        return message

    return read


class WebSocket(reference.WebSocket):
    """The reference's connection over a shielded peer read."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, None if receive is None else _shielded(receive), send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
