"""The reference whose ``ws.url`` writes the scheme's default port when the netloc has none.

URL-4 must fail it; HDR-2, whose rule is only that the ``host`` header is found whatever the
case of its name, must be blocked by URL-4; HDR-7, which compares the URL read with the one
an ordinary scope gives, must pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from wsproto_api import reference
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, its URL with a port always."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The reference's URL, with ``:80`` added to a netloc without a port."""
        url = super().url
        netloc = urlsplit(url).netloc
        if not netloc or urlsplit(url).port is not None:
            return url
        return URL(url.replace(netloc, f"{netloc}:80", 1))


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
