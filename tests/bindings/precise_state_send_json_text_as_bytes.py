"""The reference whose ``send_json()`` in text mode sends the compact JSON as bytes, in a binary message.

JSON-8 must fail it; JSON-9, whose rule is the text of the JSON, must not: its text-mode
cases are blocked by JSON-8, and its binary-mode cases pass.
"""

from __future__ import annotations

from typing import Literal

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.json_text import encode_json


class WebSocket(reference.WebSocket):
    """The reference's connection, sending text-mode JSON in the wrong kind of message."""

    __slots__ = ()

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        """Send ``data`` as compact JSON; in text mode, UTF-8 encoded in a binary message."""
        if mode != "text":
            await super().send_json(data, mode)
            return
        await self.send({"type": "websocket.send", "bytes": encode_json(data).encode("utf-8")})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
