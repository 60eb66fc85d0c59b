"""Falcon's ASGI ``WebSocket``, as a binding module, built with the arguments Falcon's ASGI app gives it.

Falcon 4.4.0's ``falcon.asgi.WebSocket(ver, scope, receive, send, media_handlers,
max_receive_queue, default_close_reasons)`` is built by ``falcon.asgi.App``, with ``ver`` the
scope's ASGI ``spec_version`` (``"2.0"`` when the scope has none) and the last three from the
app's ``ws_options``. ``WebSocket`` here passes the same: the version as the app reads it (it
decides whether ``accept()`` may send headers and ``close()`` a reason) and the options of a
``WebSocketOptions()``, built once, as a new app holds one for all its connections; ``receive``
and ``send`` are passed on as given, ``None`` included, and the scope is only read.

Falcon has no ``WebSocketDisconnect``: its one exception, ``falcon.errors.WebSocketDisconnected``
(a ``ConnectionError`` with ``.code`` and no ``.reason``), is raised both when the client
disconnects and on use of a closed connection, so it is exported under both names. Falcon has
no public state enum (its states are private; ``unaccepted``, ``ready`` and ``closed`` are
flags) and no closing ASGI application. The connection's URL, headers and other request
details are on the ``Request`` the app hands the responder beside the ``WebSocket``, not on the
``WebSocket``. The app, not the ``WebSocket``, receives ``websocket.connect`` before building
it, and building one needs a running asyncio event loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeAlias, cast

import falcon.asgi
from falcon.asgi_spec import AsgiEvent, AsgiSendMsg
from falcon.errors import WebSocketDisconnected
from falcon.errors import WebSocketDisconnected as WebSocketDisconnect

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketDisconnected"]

Receive: TypeAlias = Callable[[], Awaitable[AsgiEvent]]
"""The ``receive`` callable Falcon's ``WebSocket`` takes."""

Send: TypeAlias = Callable[[AsgiSendMsg], Awaitable[None]]
"""The ``send`` callable Falcon's ``WebSocket`` takes."""


_OPTIONS = falcon.asgi.WebSocketOptions()


def WebSocket(scope: dict[str, Any], receive: Receive | None = None, send: Send | None = None) -> falcon.asgi.WebSocket:
    """Falcon's ``WebSocket`` over ``scope``, ``receive`` and ``send``, as ``falcon.asgi.App`` builds it."""
    options = _OPTIONS
    return falcon.asgi.WebSocket(
        scope.get("asgi", {}).get("spec_version") or "2.0",
        scope,
        # Falcon's app always has both callables, and its annotations require them; a missing
        # one is passed on, so that what Falcon does without it is Falcon's own.
        cast(Receive, receive),
        cast(Send, send),
        options.media_handlers,
        options.max_receive_queue,
        options.default_close_reasons,
    )
