"""The reference, except that the close codes and denial statuses it sends are floats.

ASGI's ``websocket.close`` code and ``websocket.http.response.start`` status are ints;
``4001.0 == 4001`` all the same. Some servers refuse the float, others send the close or
the response as if it were the int: LIVE-3 and LIVE-5 must fail on those too.
"""

from __future__ import annotations

from wsproto_api.asgi import Message, Receive, Scope, Send
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends ``float(code)`` and ``float(status)`` where the reference sends the int."""

    __slots__ = ()

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        if send is None:
            super().__init__(scope, receive, send)
            return
        downstream = send

        async def floated(message: Message) -> None:
            if message.get("type") == "websocket.close" and "code" in message:
                message = {**message, "code": float(message["code"])}
            if message.get("type") == "websocket.http.response.start":
                message = {**message, "status": float(message["status"])}
            await downstream(message)

        super().__init__(scope, receive, floated)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
