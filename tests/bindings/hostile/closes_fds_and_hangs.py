"""The reference, except that ``close()`` closes every descriptor from 3 up, as daemons do, then hangs in C."""

from __future__ import annotations

import ctypes
import os

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _close_and_hang() -> None:
    os.closerange(3, 4096)
    ctypes.CDLL(None).sleep(3600)


WebSocket = closing_with(_close_and_hang)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
