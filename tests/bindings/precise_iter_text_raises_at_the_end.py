"""The reference whose ``iter_text()`` raises at the disconnect instead of ending.

ITER-2 (the disconnect ends the iteration quietly) must fail; ITER-1, whose rule is the items
before it, must pass.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, with that iterator."""

    __slots__ = ()

    async def iter_text(self) -> AsyncIterator[str]:  # type: ignore[override]
        """``receive_text()`` again and again, its disconnect error included."""
        while True:
            yield await self.receive_text()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
