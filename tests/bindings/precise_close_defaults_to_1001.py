"""The reference whose ``close()`` defaults to the code 1001.

CLOSE-1 (what ``close()`` sends) and SIG-10 (the signature's defaults) must fail; CLOSE-2,
whose rule is about a code and reason given, must pass.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection with another default close code."""

    __slots__ = ()

    async def close(self, code: int = 1001, reason: str | None = None) -> None:
        """Close as the reference does, 1001 by default."""
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
