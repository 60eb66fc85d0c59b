"""The reference, except that the process it runs in exits a moment after each ``close()``.

Served live, its connections kill the server once they have closed, after the check that made
them may have seen what it asked for: the run must fail, the clause in whose check or just after
which the server is found dead failing, never pass for the server dying after a check.
"""

from __future__ import annotations

import os
import threading

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Ends its process 50 ms after closing."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close as the reference does, then have the process exit."""
        await super().close(code, reason)
        threading.Timer(0.05, os._exit, (1,)).start()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
