"""The reference whose ``receive()`` awaits the peer again after the client's ``websocket.disconnect``.

RECV-5 (no receive once the client has left) must fail. ERR-1 judges the class of RECV-5's
refusal; a call that went on to receive (and raised for what it got) refused nothing, so
ERR-1's test must be blocked by RECV-5, not failed. So must DENY-9's test of a denial app
that receives again after the client left, whose receive is this one.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.state import DISCONNECTED


class WebSocket(reference.WebSocket):
    """The reference's connection, passing a receive after the disconnect on to the peer."""

    __slots__ = ()

    async def receive(self) -> Message:
        """The peer's next message once the client left; the reference's receive before."""
        if self.client_state is DISCONNECTED and self._receive is not None:
            return await self._receive()
        return await super().receive()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
