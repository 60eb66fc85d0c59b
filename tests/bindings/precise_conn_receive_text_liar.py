"""The reference whose ``receive_text()`` returns a text that says it equals, and differs from, nothing.

RECV-1 must fail it. CONN-1, whose rule is how a connection is built, uses ``receive_text()``
only to show the channels are wired: it must be blocked by RECV-1, not fail, however the
returned text answers ``==`` and ``!=``.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class _AgreeingText(str):
    """A text that says it equals whatever it is compared with, and differs from nothing."""

    def __eq__(self, other: object) -> bool:
        return True

    def __ne__(self, other: object) -> bool:
        return False

    __hash__ = str.__hash__


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``receive_text()`` returns the wrong text, dressed as any."""

    __slots__ = ()

    async def receive_text(self) -> str:
        """Receive a text message, and return another text that claims to equal it."""
        await super().receive_text()
        return _AgreeingText("not what was sent")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
