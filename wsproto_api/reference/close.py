"""An ASGI application that closes a websocket connection (CLOSE-5, CLOSE-13)."""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference.arguments import check_close_code, check_close_reason

__all__ = ["WebSocketClose"]


class WebSocketClose:
    """Close the connection with ``code`` and ``reason``; before acceptance, refuse it (HTTP 403)."""

    __slots__ = ("code", "reason")

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        check_close_code(code)
        check_close_reason(reason)
        self.code = code
        self.reason = reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send ``websocket.close``."""
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})
