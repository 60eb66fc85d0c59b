"""The reference whose ``close()`` before ``accept()`` checks its arguments, then returns without sending anything.

CLOSE-10 must fail it. What reaches "closed before accept" through that ``close()`` is
blocked by CLOSE-10: STATE-6, STATE-15 and STATE-8 (never reaching the peer's ``send``),
STATE-9 (whose move that close() should make), and CLOSE-1, CLOSE-2 and CLOSE-8, whose
not-accepted cases close that way.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.arguments import check_close_code, check_close_reason


class WebSocket(reference.WebSocket):
    """The reference's connection, silently dropping a close before the handshake is answered."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        """Close; before ``accept()``, check the arguments as the reference does and send nothing."""
        if self.application_state is WebSocketState.CONNECTING:
            check_close_code(code)
            check_close_reason(reason)
            return
        await super().close(code, reason)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
