"""The reference, except that ``close()`` starts a process that outlives it (once a process), then closes."""

from __future__ import annotations

import subprocess
import sys
from functools import cache

from tests.bindings.hostile import closing_with
from wsproto_api.reference import URL, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

MARKER = "wsproto-api-left-running"
"""An argument of the left process, so that a test can look for it."""


@cache
def _leave_process() -> None:
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", MARKER])


WebSocket = closing_with(_leave_process)

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
