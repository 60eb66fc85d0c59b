"""The reference, except that ``send_json`` sends indented, ASCII-escaped JSON in a binary
message: LIVE-2 must fail, although the client still parses the documents."""

from __future__ import annotations

import json
from typing import Literal

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """Sends JSON as nobody asked."""

    __slots__ = ()

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        await self.send({"type": "websocket.send", "bytes": json.dumps(data, indent=2).encode()})


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
