"""The reference whose query parameters leave out every key with an empty value or no ``=``.

QP-3 must fail it. The tests of QP-4, QP-6, QP-8, QP-9 and QP-10 over query strings that
hold such keys must be blocked by QP-3, not fail.
"""

from __future__ import annotations

from wsproto_api import reference
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected, WebSocketState
from wsproto_api.reference.query_params import QueryParams
from wsproto_api.reference.scope import scope_query_string


class WebSocket(reference.WebSocket):
    """The reference's connection, its blank query parameters dropped."""

    __slots__ = ()

    @property
    def query_params(self) -> QueryParams:
        """The query parameters of the pairs that have a value."""
        if self._query_params is None:
            pairs = scope_query_string(self.scope).split(b"&")
            kept = b"&".join(pair for pair in pairs if b"=" in pair and not pair.endswith(b"="))
            self._query_params = QueryParams.from_query_string(kept)
        return self._query_params


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
