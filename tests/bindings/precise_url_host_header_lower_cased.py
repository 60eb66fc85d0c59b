"""The reference whose URL lower-cases the netloc it takes from the ``host`` header.

URL-4 (the netloc is the host header's value) must fail; URL-2, whose rule is the scheme,
path and query around the netloc, must not (its generated test is blocked by URL-4).
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, with that URL."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The reference's URL, its host header's netloc in lower case."""
        url = super().url
        host = self.headers.get("host")
        head = f"{url.scheme}://{host}"
        if host is None or not url.startswith(head):
            return url
        return URL(f"{url.scheme}://{host.lower()}{url[len(head) :]}")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
