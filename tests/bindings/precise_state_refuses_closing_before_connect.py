"""The reference whose ``send()`` refuses a ``websocket.close`` or a denial response's message before
``websocket.connect`` was received.

SPEC.md (STATE) leaves that choice open: ``close()`` before ``accept()`` (CLOSE-10) and
``send_denial_response()`` still send as they should, only a raw ``send()`` of those messages
with the client's ``websocket.connect`` not yet received raises, with an error of its own.
Every clause must pass: CONN-2's test must not need such a send to show a working ``send``,
and where STATE-6 or STATE-8 sees such a send refused, the refusal's class is not judged.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import ASGIApp, Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

EARLY: frozenset[str] = frozenset({"websocket.close", "websocket.http.response.start", "websocket.http.response.body"})
"""The messages refused before the client's ``websocket.connect`` was received."""


class WebSocket(reference.WebSocket):
    """The reference's connection, whose raw ``send()`` waits for the client's ``websocket.connect``."""

    _own_send = False
    """Whether the connection's own ``close()`` or denial response is sending."""

    async def send(self, message: Message) -> None:
        """Refuse ``EARLY``'s messages from the application before ``websocket.connect`` was received."""
        early = isinstance(message, dict) and message.get("type") in EARLY
        if early and not self._own_send and self.client_state.name == "CONNECTING":
            raise RuntimeError(f"{message['type']} sent before websocket.connect was received")
        await super().send(message)

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """The reference's ``close()``, which may send before ``websocket.connect`` (CLOSE-10)."""
        self._own_send = True
        try:
            await super().close(code, reason)
        finally:
            self._own_send = False

    async def send_denial_response(self, response: ASGIApp) -> None:
        """The reference's denial response, whose messages may be sent before ``websocket.connect``."""
        self._own_send = True
        try:
            await super().send_denial_response(response)
        finally:
            self._own_send = False


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
