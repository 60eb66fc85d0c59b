"""The reference whose denial application receives a copy of each message, an ASGI-equivalent form.

DENY-9 asks for the very objects only of what the application sends; what it receives is
compared by value, so DENY-9 must pass.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import ASGIApp, Message, Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, handing its denial application copies of the messages received."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        """Run ``response`` as the reference does, with a ``receive`` that returns copies."""

        async def app(scope: Scope, receive: Receive, send: Send) -> None:
            async def receive_a_copy() -> Message:
                return dict(await receive())

            await response(scope, receive_a_copy, send)

        await super().send_denial_response(app)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
