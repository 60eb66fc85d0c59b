"""The reference whose ``send_text()`` sends nothing at all.

SEND-1 must fail it; CONN-1 and DENY-5, which use ``send_text()`` only to show a connection
works, are blocked by SEND-1 instead of failing.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``send_text()`` checks its argument and sends nothing."""

    __slots__ = ()

    async def send_text(self, data: str) -> None:
        """Refuse what is not a ``str``; send nothing."""
        if not isinstance(data, str):
            raise TypeError(f"send_text() takes a str, not {type(data).__name__}")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
