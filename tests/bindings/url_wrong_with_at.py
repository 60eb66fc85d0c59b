"""The reference, except that ``ws.url`` is wrong when the scope's path holds an ``@``.

A generated URL test must fail on it showing the smallest such path, ``/@``, once shrunk.
"""

from __future__ import annotations

from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Adds an ``x`` to the URL of a path with an ``@``."""

    __slots__ = ()

    @property
    def url(self) -> URL:
        url = super().url
        return URL(f"{url}x") if "@" in self.scope["path"] else url


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
