"""A typed connection with the reference's headers and query parameters but no ``url``.

TYPE-1 fails at every member it lacks; TYPE-2, which judges the declared type of ``url``,
has nothing to judge; TYPE-3 and TYPE-4 hold, since its headers and query parameters are the
reference's.
"""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketDisconnect
from wsproto_api.reference.headers import Headers
from wsproto_api.reference.query_params import QueryParams


class WebSocket:
    """A connection that offers only its handshake's headers and query parameters."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self._connection = _Reference(scope, receive, send)

    @property
    def headers(self) -> Headers:
        """The request headers."""
        return self._connection.headers

    @property
    def query_params(self) -> QueryParams:
        """The query parameters."""
        return self._connection.query_params


__all__ = ["WebSocket", "WebSocketDisconnect"]
