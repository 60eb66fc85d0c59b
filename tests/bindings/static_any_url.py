"""The reference with its ``url`` declared ``Any``: TYPE-1 holds, and TYPE-2 has nothing to compare."""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketDisconnect


class WebSocket(reference.WebSocket):
    """The reference's connection, whose ``url`` a checker sees as ``Any``."""

    __slots__ = ()

    @property
    def url(self) -> Any:
        """The connection URL, declared ``Any``."""
        return super().url


__all__ = ["WebSocket", "WebSocketDisconnect"]
