"""A binding whose ``WebSocket`` cannot be built from a well-formed scope."""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketDisconnect


class WebSocket:
    """Refuses every scope."""

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise KeyError("app")


__all__ = ["WebSocket", "WebSocketDisconnect"]
