"""The reference whose ``receive_json()`` raises ``NotImplementedError`` at once, receiving nothing.

Its ``iter_json()`` is the reference's own, which reads messages without that call, as a
framework that wrote its iterator on its raw ``receive()`` would. JSON-3 must fail it. ITER-3,
whose tests take what ``receive_json()`` raises as what the iteration must raise, must be
blocked by JSON-3 (the call cannot read a valid message, so its error says nothing about the
iteration's), never failed for an iteration that raises what a working ``receive_json()`` does.
"""

from __future__ import annotations

from typing import Any, Literal

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, without a working ``receive_json()``."""

    __slots__ = ()

    async def receive_json(self, mode: Literal["text", "binary"] = "text") -> Any:
        """Raise ``NotImplementedError``, whatever the connection's state."""
        raise NotImplementedError("receive_json() is not implemented")


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
