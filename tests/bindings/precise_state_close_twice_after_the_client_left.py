"""The reference whose ``close()`` after the client left sends ``websocket.close`` twice.

SPEC.md leaves open whether ``close()`` after the client's ``websocket.disconnect`` sends
``websocket.close`` (CLOSE-9), not whether it sends anything else: two closes are neither of the
two choices. STATE-6, STATE-13 and SEND-4 judge what follows that ``close()`` only once it has
sent one close or none, so they are blocked by CLOSE-9, which fails.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``close()`` after the client left sends a second close."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close as the reference does; if the client had left, send the close again."""
        left = self.client_state is WebSocketState.DISCONNECTED
        closing = left and self.application_state is WebSocketState.CONNECTED
        await super().close(code, reason)
        if closing:
            await self._send({"type": "websocket.close", "code": code, "reason": reason or ""})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
