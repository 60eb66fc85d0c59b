"""The reference, except that a denial response's body is passed on as a copy saying ``more_body: True``.

The response's messages do not reach the server unchanged (DENY-9), and the response never
ends: LIVE-5 must fail on every server with the extension, including those that finish the
response when the app returns, so that the client sees it whole.
"""

from __future__ import annotations

from wsproto_api.asgi import ASGIApp, Message
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Passes each body of a denial response on as one more follows."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        async def streamed(scope: object, receive: object, send: object) -> None:
            async def send_streamed(message: Message) -> None:
                if message["type"] == "websocket.http.response.body":
                    message = {**message, "more_body": True}
                await self.send(message)

            await response(self.scope, self.receive, send_streamed)

        await super().send_denial_response(streamed)  # type: ignore[arg-type]


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
