"""The reference, except that ``url``'s path is the scope's ``raw_path``, still percent-encoded.

URL-2 builds the URL from the scope's ``path``, which ASGI gives decoded: LIVE-1 must fail on
every server, on the handshake whose path has an escape to decode.
"""

from __future__ import annotations

from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Shows the raw path where the scope has one."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        url = super().url
        raw = self.scope.get("raw_path")
        return URL(url.replace(path=raw.decode("latin-1"))) if isinstance(raw, bytes) else url


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
