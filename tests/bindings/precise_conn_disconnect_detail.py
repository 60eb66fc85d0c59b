"""The reference, except that ``WebSocketDisconnect`` requires a keyword-only ``detail``.

As Litestar's. SIG-8 fails; EXC-1, whose tests build the exception as SIG-8 says it is
called, is blocked by SIG-8 rather than failed.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocket, WebSocketClose, WebSocketDisconnected, WebSocketState


class WebSocketDisconnect(reference.WebSocketDisconnect):
    """The reference's exception, which cannot be built without ``detail``."""

    def __init__(self, code: int = 1000, reason: str | None = None, *, detail: str) -> None:
        super().__init__(code, reason)
        self.detail = detail


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
