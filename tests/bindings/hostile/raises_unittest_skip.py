"""The reference, except that ``close()`` raises ``unittest.SkipTest`` with the words the suite uses for "absent"."""

from __future__ import annotations

import unittest

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


def _skip() -> None:
    raise unittest.SkipTest("absent: close() is not implemented yet")


WebSocket = closing_with(_skip)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
