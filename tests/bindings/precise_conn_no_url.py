"""The reference, without ``url``.

As Sanic's. The member's absence is URL-1's failure (the clause that defines ``url``): the
tests that read the URL as a means are blocked by URL-1, not by URL-2.
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``url`` is missing as a lookup sees it."""

    __slots__ = ()

    @property
    def url(self) -> Any:
        """Missing: raises the ``AttributeError`` of a lookup that found nothing."""
        raise AttributeError(f"{type(self).__name__!r} object has no attribute 'url'", name="url", obj=self)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
