"""The reference whose ``receive_bytes()`` returns a ``bytearray``, and ``iter_bytes()`` yields what it returns.

RECV-2 (``receive_bytes()`` returns the message's ``bytes``) must fail. ITER-1 asks the
iterator for what ``receive_bytes()`` would return, which it yields: its tests must be
blocked by RECV-2, not failed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


class WebSocket(reference.WebSocket):
    """The reference's connection, its binary payloads as ``bytearray``."""

    __slots__ = ()

    async def receive_bytes(self) -> bytes:
        """The message's bytes, as a ``bytearray``."""
        return bytearray(await super().receive_bytes())

    async def iter_bytes(self) -> AsyncIterator[bytes]:  # type: ignore[override]
        """What ``receive_bytes()`` returns, until the client disconnects."""
        try:
            while True:
                yield await self.receive_bytes()
        except WebSocketDisconnect:
            return


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
