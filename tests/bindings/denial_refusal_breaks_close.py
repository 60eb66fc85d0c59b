"""The reference, except that a refused ``send_denial_response()`` leaves ``close()`` refusing.

Without the denial-response extension it raises ``RuntimeError`` and sends nothing, as DENY-3
and LIVE-5 ask, but first moves ``application_state`` to ``RESPONSE``: the ``close()`` that
follows raises (a STATE defect). LIVE-5 names neither, so it must pass on a server without
the extension.
"""

from __future__ import annotations

from wsproto_api.asgi import ASGIApp
from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Takes the response state before it looks for the extension."""

    __slots__ = ()

    async def send_denial_response(self, response: ASGIApp) -> None:
        if "websocket.http.response" not in (self.scope.get("extensions") or {}):
            self.application_state = WebSocketState.RESPONSE
        await super().send_denial_response(response)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
