"""The reference, except that ``close()`` raises an exception of a class derived from the suite's ``Judged``."""

from __future__ import annotations

from conformance.expect import Judged
from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class NotClosed(Judged):
    """What ``close()`` raises: the suite takes its own ``Judged`` as a pass."""


def _raise() -> None:
    raise NotClosed("close() sent nothing")


WebSocket = closing_with(_raise)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
