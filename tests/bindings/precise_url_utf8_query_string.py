"""The reference whose query string is decoded as UTF-8, so that bytes outside it raise, as Lilya's is.

QP-6 must fail it; QP-4, QP-9 and QP-10, whose rules are about the pairs once parsed, must
be blocked by QP-6 for a query string that is not UTF-8, not failed.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.query_params import QueryParams


class WebSocket(reference.WebSocket):
    """The reference's connection, its query string read as UTF-8 first."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        """The reference's query parameters, after decoding the query string as UTF-8, which may raise."""
        query_string = self.scope.get("query_string")
        if isinstance(query_string, bytes):
            query_string.decode("utf-8")
        return super().query_params


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
