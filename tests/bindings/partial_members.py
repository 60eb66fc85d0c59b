"""A connection with a few of the contract's members only, and ``url`` as a method.

For the member inventory: it forwards ``accept``, ``close``, ``send_text`` and
``receive_text`` to the reference and has ``url`` as a method; every other member of the
contract is missing.
"""

from __future__ import annotations

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference

PRESENT = frozenset({"accept", "close", "send_text", "receive_text", "url"})
"""The contract's members the connection has."""


class WebSocket:
    """A few members, forwarded to the reference."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self._connection = _Reference(scope, receive, send)

    async def accept(self, subprotocol: str | None = None) -> None:
        """As the reference does."""
        await self._connection.accept(subprotocol)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """As the reference does."""
        await self._connection.close(code, reason)

    async def send_text(self, data: str) -> None:
        """As the reference does."""
        await self._connection.send_text(data)

    async def receive_text(self) -> str:
        """As the reference does."""
        return await self._connection.receive_text()

    def url(self) -> URL:
        """The connection URL, called rather than read."""
        return self._connection.url


__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
