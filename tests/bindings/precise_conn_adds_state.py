"""The reference, except that building a connection puts ``state`` in its scope.

As Litestar's. Writing to the scope while building it is no write through the mapping:
CONN-12, which refuses ``ws[key] = value`` and ``del ws[key]``, still passes.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, which adds ``state`` to its scope when built."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        super().__init__(scope, receive, send)
        scope.setdefault("state", {})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
