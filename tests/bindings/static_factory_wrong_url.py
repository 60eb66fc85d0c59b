"""A factory function whose connections' ``url`` is an ``int``: TYPE-1 must fail at ``url``."""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class _NumberedURL(_Reference):
    """The reference, with a ``url`` typed as a number."""

    __slots__ = ()

    @property
    def url(self) -> int:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        return 0


def WebSocket(scope: Scope, receive: Receive | None = None, send: Send | None = None) -> _NumberedURL:
    """A :class:`_NumberedURL` over ``scope``, ``receive`` and ``send``."""
    return _NumberedURL(scope, receive, send)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
