"""The reference whose ``name in headers`` is true for every name.

HDR-9 ("`name in headers` is whether there is one") must fail; HDR-2 and HDR-13, whose
rules are about which names match, are blocked by HDR-9 where they look up a missing name.
"""

from __future__ import annotations

from tests.bindings.with_headers import connection_with_headers
from wsproto_api.reference import Headers, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class _Headers(Headers):
    """The reference's headers, holding every name to ``in``."""

    def __contains__(self, key: object) -> bool:
        """Always true."""
        return True


WebSocket = connection_with_headers(_Headers)
"""The reference's connection, with those headers."""

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
