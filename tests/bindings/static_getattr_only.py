"""A connection whose every member comes from a ``__getattr__`` returning ``Any``: the checker compares nothing.

Its class is typed, so neither checker sees the connection itself as ``Any``; but each
member it is asked for is ``Any`` to them, as are ``url``, ``headers`` and ``query_params``.
"""

from __future__ import annotations

from typing import Any

from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketDisconnect


class WebSocket:
    """A connection that answers every attribute with ``None``."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self.scope = scope

    def __getattr__(self, name: str) -> Any:
        """``None``, whatever ``name`` is."""
        return None


__all__ = ["WebSocket", "WebSocketDisconnect"]
