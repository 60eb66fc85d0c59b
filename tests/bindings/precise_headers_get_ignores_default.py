"""The reference whose ``headers.get(name, default)`` gives ``None`` for a missing name, whatever the default.

HDR-9 ("or the default given") must fail; HDR-2 and HDR-13, whose rules are about which
names match, are blocked by HDR-9 where they look up a missing name with a default, never failed.
"""

from __future__ import annotations

from tests.bindings.with_headers import connection_with_headers
from wsproto_api.reference import Headers, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class _Headers(Headers):
    """The reference's headers, ignoring a default."""

    def get(self, key: str, default: object = None) -> str | None:  # type: ignore[override]
        """The first value of ``key``, or ``None``."""
        return super().get(key)


WebSocket = connection_with_headers(_Headers)
"""The reference's connection, with those headers."""

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
