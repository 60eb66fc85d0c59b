"""The reference, except that a denial response loses its headers and body: LIVE-5 must fail."""

from __future__ import annotations

from wsproto_api.asgi import ASGIApp, Message
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends the denial response's status alone."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        async def stripped(scope: object, receive: object, send: object) -> None:
            async def send_stripped(message: Message) -> None:
                if message["type"] == "websocket.http.response.start":
                    message = {"type": message["type"], "status": message["status"], "headers": []}
                else:
                    message = {"type": message["type"], "body": b""}
                await self.send(message)

            await response(self.scope, self.receive, send_stripped)

        await super().send_denial_response(stripped)  # type: ignore[arg-type]


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
