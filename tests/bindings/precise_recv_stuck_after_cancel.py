"""The reference whose receive, once cancelled while it waits, refuses every later receive.

RECV-10 (a cancelled receive loses nothing and leaves the connection usable) must fail. The
clauses of the calls it is judged through (RECV-1, RECV-2, JSON-3, RAW-2) hold on a new
connection, so they must pass: the second cancelled call fails RECV-10, not theirs.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.asgi import Message
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, believing a receive is under way once one was cancelled."""

    __slots__ = ("_stuck",)

    async def receive(self) -> Message:
        """Receive as the reference does, unless a receive was cancelled before."""
        if getattr(self, "_stuck", False):
            raise RuntimeError("Another task is already receiving on this WebSocket")
        try:
            return await super().receive()
        except BaseException as error:
            if not isinstance(error, Exception):  # a cancellation
                self._stuck = True
            raise


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
