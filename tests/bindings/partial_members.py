"""The reference behind a wrapper that lacks the state attributes and has ``url`` as a method.

For the member inventory: two members missing, one of the wrong kind; everything else is the
reference's, forwarded.
"""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference

HIDDEN = frozenset({"client_state", "application_state"})
"""The contract's members the wrapper does not have."""


class WebSocket:
    """Forwards to the reference, but for :data:`HIDDEN` and ``url``."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self._connection = _Reference(scope, receive, send)

    def __getattr__(self, name: str) -> object:
        if name in HIDDEN:
            raise AttributeError(name)
        return getattr(self._connection, name)

    def url(self) -> URL:
        """The connection URL, called rather than read."""
        return self._connection.url


__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
