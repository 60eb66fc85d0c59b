"""The reference that cancels the task receiving ``websocket.disconnect``, on asyncio.

A framework whose disconnect cancels the handler (Quart's app does) behaves so. Only the rules
that say what receiving the disconnect does name it (RECV-3, RAW-2, ITER-2, and DENY-9 for a
denial app's ``receive``); every test that only arranges a received disconnect is blocked by
one of them, not failed. (On trio it receives as the reference does.)
"""

from __future__ import annotations

import asyncio

import sniffio

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, cancelling its caller when the client leaves."""

    __slots__ = ()

    async def receive(self) -> Message:
        """The next message; its caller's task is cancelled instead when it is ``websocket.disconnect``."""
        message = await super().receive()
        if message["type"] == "websocket.disconnect" and sniffio.current_async_library() == "asyncio":
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
            await asyncio.sleep(0)
        return message


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
