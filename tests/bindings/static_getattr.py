"""The reference with a ``__getattr__`` that answers any other name: a checker still sees its class.

mypy accepts such a class as any protocol, since ``__getattr__`` supplies every member; the
static tier must not take it for ``Any`` and blame a connection that matches the contract.
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.reference import WebSocketDisconnect


class WebSocket(reference.WebSocket):
    """The reference's connection, answering any attribute it lacks with ``None``."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        """``None`` for an attribute the connection does not have."""
        return None


__all__ = ["WebSocket", "WebSocketDisconnect"]
