"""An ASGI application that closes a websocket connection (CLOSE-5, CLOSE-13)."""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.close_code import CloseCode
from wsproto_api.reference.arguments import check_close_code, check_close_reason

__all__ = ["WebSocketClose"]


class WebSocketClose:
    """Close the connection with ``code`` and ``reason``; before acceptance, refuse it (HTTP 403).

    ``code`` is kept as the plain ``int`` it stands for, a ``CloseCode`` included.
    """

    __slots__ = ("code", "reason")

    def __init__(self, code: int = CloseCode.NORMAL_CLOSURE.value, reason: str | None = None) -> None:
        check_close_code(code)
        check_close_reason(reason)
        self.code = int(code)
        self.reason = reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send ``websocket.close``."""
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})
