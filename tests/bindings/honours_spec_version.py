"""The reference, except that ``close()`` drops its reason unless the scope declares ASGI spec 2.3 or later.

As Falcon does: a close ``reason`` came with the ASGI HTTP and WebSocket spec 2.3, and a
scope without ``asgi["spec_version"]`` is read as 2.0. Over a scope that declares a recent
version it behaves as the reference.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

REASON_SINCE = (2, 3)
"""The first ASGI spec version whose ``websocket.close`` has a ``reason``."""


class WebSocket(_Reference):
    """Sends a close reason only where the server's spec version has one."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        declared = str(self.scope.get("asgi", {}).get("spec_version") or "2.0")
        version = tuple(int(part) for part in declared.split("."))
        await super().close(code, reason if version >= REASON_SINCE else None)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
