"""The reference whose ``ws.cookies`` reads the first ``cookie`` header only.

CONN-10 must fail it; HDR-2, whose rule is only that a ``cookie`` header is found whatever
the case of its name, must be blocked by CONN-10 where several cookie headers are merged.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.cookies import parse_cookies


class WebSocket(reference.WebSocket):
    """The reference's connection, its cookies those of one ``cookie`` header."""

    __slots__ = ()

    @property
    def cookies(self) -> dict[str, str]:
        """The cookies of the first ``cookie`` header, the others left out."""
        first = self.headers.get("cookie")
        return parse_cookies([] if first is None else [first])


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
