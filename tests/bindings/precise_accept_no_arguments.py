"""The reference, with an ``accept()`` that takes no arguments at all.

As Sanic's, whose ``accept`` has neither ``subprotocol`` nor ``headers``. The refusals of
ACCEPT-7 to ACCEPT-9 cannot be made, so they are blocked: the ``TypeError`` of a call the
signature cannot take refuses nothing, even where ``TypeError`` is the class asked for.
"""

from __future__ import annotations

from wsproto_api.reference import WebSocket as _Reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(_Reference):
    """The reference, whose ``accept`` has no parameters."""

    __slots__ = ()

    async def accept(self) -> None:  # type: ignore[override]
        """Accept with the default subprotocol and headers."""
        await super().accept()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
