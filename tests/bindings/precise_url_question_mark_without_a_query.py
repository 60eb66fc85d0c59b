"""The reference whose URL ends in ``?`` when the scope has no query.

URL-2 ("followed by ? + query when the query_string is not empty") must fail, and URL-6
(a relative URL's query) with it; URL-3 to URL-5 and URL-7, whose rules are about the
scheme, the authority and the path, are blocked by URL-2 or pass, never failed; CONN-2
reads the URL as a connection with both channels does.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, with that URL."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The reference's URL, with a ``?`` when it has none."""
        url = super().url
        return url if "?" in url else URL(url + "?")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
