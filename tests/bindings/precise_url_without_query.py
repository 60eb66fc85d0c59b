"""The reference whose URL leaves out ``"?" + query``.

URL-2 must fail it. URL-5's and URL-7's tests beside a query, and URL-9's ``replace`` on the
connection's URL, must be blocked by URL-2, not fail.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.url import URL, url_from_scope


class WebSocket(reference.WebSocket):
    """The reference's connection, its URL built as if the query string were empty."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        """The URL without its query."""
        if self._url is None:
            self._url = url_from_scope({**self.scope, "query_string": b""}, self.headers)
        return self._url


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
