"""The reference whose ``receive_json()`` (text) raises ``KeyError`` for every data message it receives.

JSON-3 must fail it; JSON-7 (invalid JSON) and ITER-3 (an error from the peer's receive),
which need a ``receive_json()`` that reads valid JSON, must not. Its ``iter_json()`` goes
through ``receive_json()``, as Starlette's does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any, Literal

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, failing to read a text JSON message."""

    __slots__ = ()

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Receive a message; in text mode, raise ``KeyError`` instead of decoding it."""
        if mode != "text":
            return await super().receive_json(mode)
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000), message.get("reason") or "")
        raise KeyError("route_handler")

    def iter_json(self) -> AsyncIterator[Any]:
        """What ``receive_json()`` returns, until the client disconnects."""

        async def messages() -> AsyncIterator[Any]:
            try:
                while True:
                    yield await self.receive_json()
            except WebSocketDisconnect:
                return

        return messages()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
