"""The reference, except that ``close()`` closes its process's standard output and error (once), then closes."""

from __future__ import annotations

import contextlib
import os
from functools import cache

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


@cache
def _close_output() -> None:
    # Once only: the descriptors are reused by whatever the process opens next.
    for fd in (1, 2):
        with contextlib.suppress(OSError):
            os.close(fd)


WebSocket = closing_with(_close_output)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
