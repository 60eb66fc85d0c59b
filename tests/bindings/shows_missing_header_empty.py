"""The reference, except that a header the scope does not hold is shown as one empty value.

``headers.getlist(name)`` gives ``[""]`` rather than ``[]`` (HDR-10): LIVE-1 must fail on
every server, for the name the handshake looks up that the client never sends.
"""

from __future__ import annotations

from wsproto_api.reference import Headers, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class _Headers(Headers):
    """Every name has at least the empty value."""

    __slots__ = ()

    def getlist(self, key: str) -> list[str]:
        return super().getlist(key) or [""]


class WebSocket(_Reference):
    """Shows its headers through ``_Headers``."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        return _Headers(super().headers.raw)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
