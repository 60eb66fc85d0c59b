"""The reference whose ``close()`` before ``accept()`` first takes a message from the peer.

CLOSE-10 (``close()`` before ``accept()`` sends ``websocket.close`` without awaiting
``receive``) must fail. A test that closes first and then receives must be blocked by
CLOSE-10, not blame RAW-2 for the message the close took; so must the tests of refused
arguments before ``accept()`` (CLOSE-8, CLOSE-11, CLOSE-12, CLOSE-14, CLOSE-15), whose
``close()`` takes that message too.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.state import CONNECTING


class WebSocket(reference.WebSocket):
    """The reference's connection, receiving before it closes an unaccepted connection."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Take a message first when nothing was accepted, then close as the reference does."""
        if self.application_state is CONNECTING and self._receive is not None:
            await self._receive()
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
