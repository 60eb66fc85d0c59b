"""The reference whose constructor adds ``state`` to a scope that is a ``dict``, as Litestar's does.

HDR-7 is about reading the headers, URL and cookies: what building the connection adds to the
scope is not a read, and must not fail it.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, adding an empty ``state`` to its scope."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        if isinstance(scope, dict):
            scope.setdefault("state", {})
        super().__init__(scope, receive, send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
