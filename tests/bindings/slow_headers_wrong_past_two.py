"""``headers_wrong_past_two``, except that each read of ``ws.headers`` takes 0.15 s.

Every input the shrinker tries costs a read, and most of them pass: shrinking its failure
without a bound takes the generated header tests past their time limit. They must report
the failure instead of a hang.
"""

from __future__ import annotations

import time

from tests.bindings.headers_wrong_past_two import WebSocket as _Wrong
from wsproto_api.reference import Headers, WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

READ_SECONDS = 0.15
"""How long each read of ``ws.headers`` takes."""


class WebSocket(_Wrong):
    """Takes its time over the headers, then leaves out the last of three or more."""

    __slots__ = ()

    @property
    def headers(self) -> Headers:
        time.sleep(READ_SECONDS)
        return super().headers


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
