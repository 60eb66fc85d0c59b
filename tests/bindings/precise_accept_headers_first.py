"""The reference, with ``accept(headers=None, subprotocol=None)``: its parameters in the other order.

As BlackSheep's. SIG-10, whose rule is the order, fails; ACCEPT-3, which names the arguments
by keyword, is blocked where they are given by position.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """The reference, whose ``accept`` takes ``headers`` first."""

    __slots__ = ()

    async def accept(  # type: ignore[override]
        self, headers: Iterable[tuple[bytes, bytes]] | None = None, subprotocol: str | None = None
    ) -> None:
        """Accept, the arguments passed on in the reference's order."""
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
