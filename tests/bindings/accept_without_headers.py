"""The reference, with an ``accept(subprotocol=None)`` that takes no ``headers``: SIG-10 fails.

The clauses whose tests call ``accept`` as SPEC.md writes it are blocked by SIG-10, save
ACCEPT-3, whose rule names the ``headers`` the call cannot pass, and which fails.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(Reference):
    """The reference, whose ``accept`` has no ``headers`` parameter."""

    async def accept(self, subprotocol: str | None = None) -> None:  # type: ignore[override]
        await super().accept(subprotocol)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
