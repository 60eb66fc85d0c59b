"""The reference, imported by a module that changes the working directory as it loads (to find its templates, say).

Each report file and the deviations file named relative to where the run started must stay
the ones the user named: a report written next to the binding would leave the user's old
report in place, reading as the last run's verdict.
"""

from __future__ import annotations

import os
import tempfile

from wsproto_api.reference import (
    URL,
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

os.chdir(tempfile.mkdtemp(prefix="wsproto-api-binding-"))

__all__ = ["URL", "WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
