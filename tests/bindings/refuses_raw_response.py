"""The reference, with ``send_denial_response``, whose raw ``send()`` refuses a denial response's messages.

It has the denial feature, so it is held to passing those messages on: STATE-12 and RAW-1
must fail it, as they would not a binding without the feature
(``tests.bindings.refuses_denial_messages``).
"""

from __future__ import annotations

from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """The reference's connection, refusing a denial response's messages when they are sent raw."""

    __slots__ = ()

    async def send(self, message: Message) -> None:
        """Refuse a denial response's message, with ``RuntimeError`` naming its type; send anything else."""
        kind = message.get("type")
        closed = self.application_state is WebSocketState.DISCONNECTED
        if not closed and isinstance(kind, str) and kind.startswith("websocket.http.response."):
            raise RuntimeError(f"this connection does not send {kind!r} raw")
        await super().send(message)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
