"""The reference, except that a connection can only be built inside a running asyncio loop.

As Falcon's, which reads the running loop when it is built. A test that builds its connection
outside one (a sync test) is blocked by CONN-1, whatever scope or channels it builds with:
CONN-2, CONN-7 and CONN-8 are not failed, nor passed, for it.
"""

from __future__ import annotations

import asyncio

from wsproto_api import reference
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, built only where an asyncio loop runs."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        asyncio.get_running_loop()
        super().__init__(scope, receive, send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
