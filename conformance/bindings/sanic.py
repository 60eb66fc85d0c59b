"""Sanic's ASGI ``WebSocketConnection``, as a binding module, built with the arguments Sanic's ASGI app gives it.

Sanic 25.12.1 serves a WebSocket scope through ``sanic.server.websockets.connection.WebSocketConnection(send,
receive, subprotocols)``, which its ASGI transport builds with ``send`` and ``receive`` in that
order and the scope's requested ``subprotocols`` (``[]`` when it has none). ``WebSocket`` here
passes the same: ``receive`` and ``send`` as given, ``None`` included, and the scope only read.
The connection keeps no scope; the URL, headers and other request details are on the
``Request`` Sanic builds beside it.

``recv()`` (also named ``receive()``) returns ``None`` on a ``websocket.disconnect`` instead of
raising, and ``close()`` sends nothing, so Sanic's ASGI connection raises no disconnect
exception; the one Sanic has, ``sanic.exceptions.WebsocketClosed``, raised by its own server's
WebSocket when the connection is closed, is exported as ``WebSocketDisconnect``. Sanic has no
state enum and no closing ASGI application.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeAlias, cast

from sanic.exceptions import WebsocketClosed as WebSocketDisconnect
from sanic.server.websockets.connection import WebSocketConnection

__all__ = ["WebSocket", "WebSocketDisconnect"]

Message: TypeAlias = MutableMapping[str, Any]
"""An ASGI message, as Sanic's connection types it."""

Receive: TypeAlias = Callable[[], Awaitable[Message]]
"""The ``receive`` callable Sanic's connection takes."""

Send: TypeAlias = Callable[[Message], Awaitable[None]]
"""The ``send`` callable Sanic's connection takes."""


def WebSocket(scope: dict[str, Any], receive: Receive | None = None, send: Send | None = None) -> WebSocketConnection:
    """Sanic's ``WebSocketConnection`` over ``scope``, ``receive`` and ``send``, as its ASGI app builds it."""
    # Sanic's app always has both callables, and its annotations require them; a missing one is
    # passed on, so that what Sanic does without it is Sanic's own.
    return WebSocketConnection(cast(Send, send), cast(Receive, receive), scope.get("subprotocols", []))
