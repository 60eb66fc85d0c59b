"""The reference without ``send_denial_response``, passing a denial response's messages on unchecked.

The denial feature is absent, so passing those messages on is not judged; refusing them is:
sent after the application closed (STATE-6) or where the sending table lists them for no
state the connection is in (STATE-11), they must be refused, and this binding fails both.
"""

from __future__ import annotations

from typing import Any

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

_WithoutDenial: Any = connection_without("send_denial_response")


class WebSocket(_WithoutDenial):  # type: ignore[misc]
    """A connection whose raw ``send()`` passes a denial response's messages on in any state."""

    async def send(self, message: Any) -> None:
        """Hand a denial response's message to the peer as it is; send anything else through the reference."""
        kind = message.get("type") if isinstance(message, dict) else None
        if isinstance(kind, str) and kind.startswith("websocket.http.response."):
            await self._inner._send(message)
            return
        await super().send(message)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
