"""The reference whose ``close()`` sends nothing once the client has left.

SPEC.md leaves open whether ``close()`` after the client's ``websocket.disconnect`` sends
``websocket.close`` (CLOSE-9 asks only that it return). This one sends nothing then, so
``application_state`` stays ``CONNECTED`` (STATE-9: only what is sent moves it), and a second
``close()`` refuses with ``WebSocketDisconnected`` (CLOSE-4). The application has sent no
``websocket.close``: STATE-6, and STATE-13 for the sends STATE-6 refuses, say nothing of what it
sends afterwards, and must pass.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.arguments import check_close_code, check_close_reason


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``close()`` after the client left sends nothing."""

    __slots__ = ("_closed_silently",)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close as the reference does, unless the client has left: then send nothing."""
        if getattr(self, "_closed_silently", False):
            raise WebSocketDisconnected("close() was called already")
        left = self.client_state is WebSocketState.DISCONNECTED
        if left and self.application_state is WebSocketState.CONNECTED:
            check_close_code(code)
            check_close_reason(reason)
            self._closed_silently = True
            return
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
