"""The reference, except that a scope whose ``type`` is wrong is refused by an error naming no key.

CONN-7 holds: the scope is refused. CONN-8, whose rule names the malformed scopes CONN-15
lists and not ``type``, passes.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, refusing a scope of another kind with a plain message."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        if isinstance(scope, dict) and scope.get("type") != "websocket":
            raise ValueError("not a WebSocket connection")
        super().__init__(scope, receive, send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
