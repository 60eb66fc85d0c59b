"""The reference, except that every connection shows the request of the first it accepted.

The first ``accept()`` keeps its scope on the class, and ``url``, ``headers`` and
``query_params`` are read from that scope ever after: LIVE-1 must fail on every server, on
its second handshake, whose request differs from the first's.
"""

from __future__ import annotations

from typing import Any, ClassVar

from wsproto_api.reference import (
    URL,
    Headers,
    QueryParams,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from wsproto_api.reference import WebSocket as _Reference

_Scope = dict[str, Any]


class WebSocket(_Reference):
    """Reads the request from the first accepted connection's scope."""

    __slots__ = ()

    first: ClassVar[list[_Scope]] = []

    def _request(self) -> _Reference:
        return _Reference(self.first[0] if self.first else self.scope)

    async def accept(self, subprotocol: str | None = None, headers: Any = None) -> None:
        if not self.first:
            self.first.append(self.scope)
        await super().accept(subprotocol, headers)

    @property
    def url(self) -> URL:
        return self._request().url

    @property
    def headers(self) -> Headers:
        return self._request().headers

    @property
    def query_params(self) -> QueryParams:
        return self._request().query_params


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected", "WebSocketState"]
