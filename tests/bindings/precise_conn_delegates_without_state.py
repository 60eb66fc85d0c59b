"""A connection that hands every member but the state to the reference's, through ``__getattr__``.

It has no ``client_state``, ``application_state`` or ``WebSocketState``: the ``state``
feature must be absent and fail nothing, as it is for a class that writes the same
delegation out member by member. Every other clause must pass.
"""

from __future__ import annotations

from typing import Any

from wsproto_api import reference
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocketClose, WebSocketDisconnect, WebSocketDisconnected

_HIDDEN = frozenset({"client_state", "application_state"})


class WebSocket:
    """The reference's connection behind a delegating adapter that hides its state."""

    def __init__(self, scope: Scope, receive: Receive | None = None, send: Send | None = None) -> None:
        self._inner = reference.WebSocket(scope, receive, send)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _HIDDEN:
            raise AttributeError(name)
        return getattr(self._inner, name)

    def __getitem__(self, key: str) -> Any:
        return self._inner[key]

    def __iter__(self) -> Any:
        return iter(self._inner)

    def __len__(self) -> int:
        return len(self._inner)


__all__ = ["WebSocket", "WebSocketClose", "WebSocketDisconnect", "WebSocketDisconnected"]
