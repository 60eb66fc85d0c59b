"""The reference with a ``WebSocketDisconnect`` that is a ``BaseException`` but no ``Exception``.

EXC-1 ("is an Exception") must fail; the tests of other clauses that meet the disconnect,
which the suite handles as an ``Exception``, are blocked by EXC-1, never failed.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnected, WebSocketState


class WebSocketDisconnect(BaseException):
    """A disconnect outside the ``Exception`` hierarchy."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        super().__init__(code, reason or "")
        self.code = code
        self.reason = reason or ""


def _translated(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def call(self: reference.WebSocket, *args: Any, **kwargs: Any) -> Any:
        try:
            return await method(self, *args, **kwargs)
        except reference.WebSocketDisconnect as error:
            raise WebSocketDisconnect(error.code, error.reason) from None

    return call


class WebSocket(reference.WebSocket):
    """The reference's connection, raising the disconnect above."""

    __slots__ = ()

    receive_text = _translated(reference.WebSocket.receive_text)
    receive_bytes = _translated(reference.WebSocket.receive_bytes)
    receive_json = _translated(reference.WebSocket.receive_json)
    send_text = _translated(reference.WebSocket.send_text)
    send_bytes = _translated(reference.WebSocket.send_bytes)
    send_json = _translated(reference.WebSocket.send_json)
    close = _translated(reference.WebSocket.close)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
