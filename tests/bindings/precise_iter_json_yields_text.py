"""The reference whose ``iter_json()`` yields each message's text, not its JSON value.

ITER-1 must fail it. ITER-2, whose rule is that the disconnect ends the iteration quietly,
must be blocked by ITER-1 for the items it yields, not fail.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``iter_json()`` is ``iter_text()``."""

    __slots__ = ()

    def iter_json(self) -> AsyncIterator[Any]:
        """Text messages, undecoded, until the client disconnects."""
        return self.iter_text()


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
