"""The reference, except that ``close()`` waits forever and ``url`` never returns.

``url`` spins inside ``except Exception``, as careless retry loops do, so an interruption
that such a handler could catch would never end the test.
"""

from __future__ import annotations

import contextlib
import math

import anyio

from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference import WebSocket as _Reference


class WebSocket(_Reference):
    """Hangs in ``close()`` on an await, and in ``url`` in synchronous code."""

    __slots__ = ()

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await anyio.sleep(math.inf)

    @property
    def url(self) -> URL:
        while True:
            with contextlib.suppress(Exception):
                pass


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
