"""The reference, except that ``close()`` writes to its standard output without end."""

from __future__ import annotations

import os

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _flood() -> None:
    line = b"x" * 1023 + b"\n"
    while True:
        os.write(1, line * 64)


WebSocket = closing_with(_flood)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
