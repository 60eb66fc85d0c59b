"""The reference, except that ``ws.headers`` never reads the scope: it is always empty.

As asgi-tools'. The URL and the cookies, which the reference reads through ``ws.headers``,
never see the scope's headers either: the host comes from ``server`` and there are no
cookies. HDR-9, URL-4 and CONN-10 fail; CONN-15's cases of malformed headers, which use
those attributes to read the headers, are blocked by them.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.headers import Headers


class WebSocket(reference.WebSocket):
    """The reference's connection, whose headers are empty whatever the scope holds."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        """No header, ever."""
        return Headers()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
