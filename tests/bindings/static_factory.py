"""The reference's ``WebSocket`` behind a factory function, as Falcon's binding exports its class.

The static tier judges what the function returns, and the function's own signature as the
constructor.
"""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def WebSocket(scope: Scope, receive: Receive | None = None, send: Send | None = None) -> _Reference:
    """The reference's connection over ``scope``, ``receive`` and ``send``."""
    return _Reference(scope, receive, send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
