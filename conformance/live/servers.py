"""The ASGI servers the live tier knows, and how each is started on a listening socket.

The starters run in the server process (``conformance.live.child``): each serves ``app`` on
``sock``, a socket already bound to 127.0.0.1 and listening, and blocks until the process
ends. Each server is configured for messages of a few MiB, so that the 1 MiB round trip
tests the binding rather than the server's default limit (Granian has no such setting, and
takes frames of up to 16 MiB).
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import socket
import warnings
from collections.abc import Callable
from importlib import metadata
from typing import Final, Literal, Protocol, cast

from conformance.live.app import LiveApp

__all__ = ["BACKLOG", "SERVERS", "STARTERS", "ServerName", "installed", "version"]

ServerName = Literal[
    "uvicorn-websockets", "uvicorn-websockets-sansio", "uvicorn-wsproto", "hypercorn", "daphne", "granian"
]
"""A server the live tier knows how to start."""

SERVERS: Final[tuple[ServerName, ...]] = (
    "uvicorn-websockets",
    "uvicorn-websockets-sansio",
    "uvicorn-wsproto",
    "hypercorn",
    "daphne",
    "granian",
)
"""Every server, in the order ``--server all`` runs them."""

_REQUIRES: Final[dict[ServerName, tuple[str, ...]]] = {
    "uvicorn-websockets": ("uvicorn", "websockets"),
    "uvicorn-websockets-sansio": ("uvicorn", "websockets"),
    "uvicorn-wsproto": ("uvicorn", "wsproto"),
    "hypercorn": ("hypercorn",),
    "daphne": ("daphne",),
    "granian": ("granian",),
}

MAX_MESSAGE: Final = 4 << 20
"""The largest message each server is told to accept."""

BACKLOG: Final = 128
"""How many connections the listening socket queues."""


def version(server: ServerName) -> str:
    """The installed version of the package that is ``server``, or "-" when it is not installed."""
    try:
        return metadata.version(_REQUIRES[server][0])
    except metadata.PackageNotFoundError:
        return "-"


def installed(server: ServerName) -> bool:
    """Whether every package ``server`` needs can be imported."""
    return all(importlib.util.find_spec(module) is not None for module in _REQUIRES[server])


def _uvicorn(ws: Literal["websockets", "websockets-sansio", "wsproto"]) -> Callable[[LiveApp, socket.socket], None]:
    def start(app: LiveApp, sock: socket.socket) -> None:
        import uvicorn

        # uvicorn's legacy "websockets" implementation is deprecated, and says so on stderr.
        warnings.simplefilter("ignore")
        config = uvicorn.Config(app, ws=ws, log_level="critical", lifespan="on", ws_max_size=MAX_MESSAGE)
        asyncio.run(uvicorn.Server(config).serve(sockets=[sock]))

    return start


def _hypercorn(app: LiveApp, sock: socket.socket) -> None:
    # Hypercorn leaves the awaitable of its shutdown trigger unparameterized.
    from hypercorn.asyncio import serve  # pyright: ignore[reportUnknownVariableType]
    from hypercorn.config import Config
    from hypercorn.typing import ASGIFramework

    config = Config()
    config.bind = [f"fd://{sock.fileno()}"]
    config.websocket_max_message_size = MAX_MESSAGE
    config.accesslog = None
    config.errorlog = None
    # Hypercorn types scopes and messages as TypedDicts; the app takes the contract's mappings.
    asyncio.run(serve(cast("ASGIFramework", app), config, mode="asgi"))


class _DaphneServer(Protocol):
    def run(self) -> None: ...


def _daphne(app: LiveApp, sock: socket.socket) -> None:
    # Daphne ships no type information; this is the one method the live tier calls.
    server = cast("Callable[..., _DaphneServer]", importlib.import_module("daphne.server").Server)
    # Daphne takes endpoint descriptions, and Twisted has none for a listening descriptor: it
    # gets the port instead, released just before it binds it again.
    port: int = sock.getsockname()[1]
    sock.close()
    server(
        application=app,
        endpoints=[f"tcp:port={port}:interface=127.0.0.1"],
        signal_handlers=False,
        verbosity=0,
        websocket_max_message_size=MAX_MESSAGE,
        websocket_max_frame_size=MAX_MESSAGE,
        # Daphne runs no lifespan protocol, so the app's readiness comes from the server.
        ready_callable=app.ready,
    ).run()


def _granian(app: LiveApp, sock: socket.socket) -> None:
    from granian._granian import SocketHolder
    from granian.constants import Interfaces
    from granian.server.embed import Server

    # Granian's stub leaves out the constructor that hands its workers a listening socket:
    # (descriptor, whether it is a Unix socket, backlog), as ``granian.net`` pickles a holder.
    holder = cast("Callable[[int, bool, int], SocketHolder]", SocketHolder)(sock.fileno(), False, BACKLOG)

    class OnSocket(Server):
        """Granian's embedded server, one worker in this process, serving on ``sock``."""

        def _init_shared_socket(self) -> None:
            # Granian would bind a socket of its own here. Its class types the holder by the
            # None it starts as.
            self._shd = holder  # type: ignore[assignment]

    # The embedded server runs its one worker as a task on this event loop, and sets no signal
    # handlers. Its logs are off; its ASGI interface runs the lifespan protocol, which makes
    # the app ready.
    asyncio.run(OnSocket(app, interface=Interfaces.ASGI, log_enabled=False).serve())


STARTERS: Final[dict[ServerName, Callable[[LiveApp, socket.socket], None]]] = {
    "uvicorn-websockets": _uvicorn("websockets"),
    "uvicorn-websockets-sansio": _uvicorn("websockets-sansio"),
    "uvicorn-wsproto": _uvicorn("wsproto"),
    "hypercorn": _hypercorn,
    "daphne": _daphne,
    "granian": _granian,
}
"""How to serve an app on a listening socket, per server; each call blocks until the process ends."""
