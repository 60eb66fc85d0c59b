"""The reference without the multidict feature, whose ``headers.get`` gives a repeated header's last value.

HDR-9 asks for the first: LIVE-1 must fail wherever the server delivers the repeated header
as it was sent, and pass where the server joins its values into one.
"""

from __future__ import annotations

from tests.bindings.wrapped import MULTIDICT_MEMBERS, connection_without, part_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class Headers(part_without("headers", "getlist", "raw")):
    """Core lookups, with ``get`` giving the last value."""

    def get(self, key: str, default: str | None = None) -> str | None:
        values: list[str] = self._inner.getlist(key)  # type: ignore[attr-defined]
        return values[-1] if values else default


WebSocket = connection_without(*MULTIDICT_MEMBERS, parts={"headers": Headers})

__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
