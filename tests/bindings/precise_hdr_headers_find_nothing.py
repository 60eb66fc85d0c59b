"""The reference whose ``ws.headers`` find no header by name, as response headers would not.

HDR-9 must fail it; HDR-5 and HDR-7, which judge decoding and the scope through lookups, must
be blocked by HDR-9.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import (
    URL,
    Headers,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference.scope import scope_headers
from wsproto_api.reference.url import url_from_scope


class WebSocket(reference.WebSocket):
    """The reference's connection with empty headers; its URL still reads the scope's."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        """Headers that hold nothing."""
        return Headers()

    @property
    def url(self) -> URL:
        """The reference's URL, from the scope's headers."""
        return url_from_scope(self.scope, Headers(scope_headers(self.scope)))


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
