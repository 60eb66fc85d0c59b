"""The reference, except that without the extension ``send_denial_response()`` closes before it
raises, and a second ``close()`` does nothing: LIVE-5 must fail where the server lacks it."""

from __future__ import annotations

from wsproto_api.asgi import ASGIApp
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends a close it was not asked for."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        if "websocket.http.response" not in (self.scope.get("extensions") or {}):
            await super().close()
            raise RuntimeError("the server does not support the websocket.http.response extension")
        await super().send_denial_response(response)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if self.application_state is not WebSocketState.DISCONNECTED:
            await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
