"""The reference, except that ``ws.headers`` leaves out the last header of a scope with more than two.

A generated header test must fail on it showing a list of exactly three headers, once shrunk.
"""

from __future__ import annotations

from wsproto_api.reference import Headers, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Drops the last of three or more headers."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        headers = super().headers
        raw = headers.raw
        return Headers(raw[:-1]) if len(raw) > 2 else headers


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
