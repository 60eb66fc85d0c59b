"""The reference whose headers are decoded as UTF-8, so that bytes outside it raise, as Lilya's do.

HDR-5 must fail it. What reads non-UTF-8 header bytes only as a means is blocked by HDR-5,
not failed: URL-4 for such a host header, HDR-6's as-held order, CONN-10's cookies.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.headers import Headers


class WebSocket(reference.WebSocket):
    """The reference's connection, its headers read as UTF-8 first."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        """The reference's headers, after decoding every name and value as UTF-8, which may raise."""
        for name, value in self.scope["headers"]:
            name.decode("utf-8")
            value.decode("utf-8")
        return super().headers


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
