"""The reference, except that ``send_denial_response()`` always refuses: LIVE-5 must fail where the
server offers the extension."""

from __future__ import annotations

from wsproto_api.asgi import ASGIApp
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Acts as if no server offered the denial-response extension."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        raise RuntimeError("the server does not support the websocket.http.response extension")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
