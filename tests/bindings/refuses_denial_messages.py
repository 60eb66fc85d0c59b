"""The reference without ``send_denial_response``, whose ``send()`` refuses a denial response's messages.

A binding that does not support ASGI's denial-response extension, as Lilya 0.29 does not:
the denial feature is absent, so how it sends those messages is not judged, and every other
clause still is.
"""

from __future__ import annotations

from typing import Any

from tests.bindings.wrapped import connection_without
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

_WithoutDenial: Any = connection_without("send_denial_response")


class WebSocket(_WithoutDenial):  # type: ignore[misc]
    """A connection whose raw ``send()`` answers the handshake only with ``accept`` or ``close``."""

    async def send(self, message: Any) -> None:
        """Refuse a denial response's message, with ``RuntimeError`` naming its type; send anything else.

        Once the connection is closed, every message is refused as closed, the refusal STATE-6 names.
        """
        kind = message.get("type") if isinstance(message, dict) else None
        closed = self.application_state is WebSocketState.DISCONNECTED
        if not closed and isinstance(kind, str) and kind.startswith("websocket.http.response."):
            raise RuntimeError(f"this connection does not support the denial-response extension: {kind!r}")
        await super().send(message)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
