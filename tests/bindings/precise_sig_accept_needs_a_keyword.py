"""The reference whose ``accept()`` needs a keyword-only argument that the contract does not have.

SIG-10 must fail it. CONN-1's exchange and STATE-8's and STATE-15's accept() after a new
connection cannot call it as the contract does: they must be blocked by SIG-10, the
signature's clause, not by ACCEPT-1 or ACCEPT-2.
"""

from __future__ import annotations

from collections.abc import Iterable

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``accept()`` needs ``really``."""

    __slots__ = ()

    async def accept(  # type: ignore[override]
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
        *,
        really: bool,
    ) -> None:
        """Accept the connection, given ``really``."""
        await super().accept(subprotocol, headers)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
