"""The reference whose ``receive_text()`` after a received disconnect awaits the peer once more, then refuses.

RECV-5 must fail it. ITER-3's test takes what ``receive_text()`` raises there as what the
iteration must raise; what the peer raised for a receive it should never have had is no
such error, so ITER-3 must be blocked by RECV-5, not fail.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.state import DISCONNECTED


class WebSocket(reference.WebSocket):
    """The reference's connection, awaiting the peer's ``receive`` once more after the disconnect."""

    __slots__ = ()

    async def receive_text(self) -> str:
        """Receive a text message; after the disconnect, ask the peer again before refusing."""
        if self.client_state is DISCONNECTED and self._receive is not None:
            await self._receive()
        return await super().receive_text()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
