"""The reference, except that the first ``close()`` given a reason, in the process, sends none.

A test of CLOSE-2 fails once and passes when run again: a plugin that reruns failed tests
must not turn that into a pass.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

_dropped: list[str] = []


class WebSocket(_Reference):
    """Drops one reason, the first it is given."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if reason and not _dropped:
            _dropped.append(reason)
            reason = None
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
