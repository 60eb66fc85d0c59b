"""The reference, except that ``close()`` forks a helper process (once a process) that holds every inherited pipe."""

from __future__ import annotations

import multiprocessing
import time
from functools import cache

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState


@cache
def _fork_helper() -> None:
    multiprocessing.get_context("fork").Process(target=time.sleep, args=(600,), daemon=False).start()


WebSocket = closing_with(_fork_helper)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
