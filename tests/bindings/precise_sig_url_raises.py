"""The reference whose ``url`` raises ``KeyError('router')`` on every scope.

As a framework's whose URL is built by its router, which a bare connection lacks. URL-1 (the
clause that defines ``url``) must fail it. SIG-3 judges the signatures of the URL's methods,
and only reads ``url`` to reach them: it must be blocked by URL-1, not failed. SIG-4, whose
methods are the headers' and the query parameters', must pass.
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``url`` cannot be read."""

    __slots__ = ()

    @property
    def url(self) -> Any:
        """Raise ``KeyError``, as a lookup of the router in the scope would."""
        raise KeyError("router")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
