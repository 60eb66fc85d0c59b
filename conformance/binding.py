"""The binding module: the unit the suite checks, loaded and vetted before any test runs.

A binding is an importable module laid out like ``starlette.websockets``. Loading one
either gives a :class:`Binding` or raises :class:`BindingError` with one line that says
what is wrong, so that a typo in a module path is a usage error, not a page of failed
clauses.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import cast

import wsproto_api
from conformance.config import ENV_VAR
from conformance.peer import CONNECT, Peer, make_scope
from wsproto_api.asgi import Message, Scope

__all__ = ["ENV_VAR", "Binding", "BindingError", "load_binding"]

WebSocketConstructor = Callable[..., wsproto_api.WebSocket]
"""What a binding's ``WebSocket`` is to the suite: called with a scope and the two channels.

The suite calls it with arguments the contract allows and with some it forbids, so the
parameters are left open; the result is held to the contract's ``WebSocket``.
"""


class BindingError(Exception):
    """The module named as a binding cannot be checked; the message says why, in one line."""


@dataclass(frozen=True)
class Binding:
    """A vetted binding module and the names the suite uses from it."""

    name: str
    """The module path it was loaded from, such as ``starlette.websockets``."""

    module: ModuleType
    """The imported module."""

    WebSocket: WebSocketConstructor
    """The connection class (required)."""

    WebSocketDisconnect: type[BaseException]
    """The exception raised when the client disconnects (required)."""

    WebSocketDisconnected: type[BaseException] | None
    """The error raised on use of a closed socket, when the binding exports one."""

    WebSocketState: type[enum.Enum] | None
    """The state enum, when the binding exports one."""

    WebSocketClose: Callable[..., wsproto_api.ASGIApp] | None
    """The closing ASGI application's class, when the binding exports one."""

    @property
    def disconnected_error(self) -> type[BaseException]:
        """What "raises ``WebSocketDisconnected``" means for this binding (SPEC.md conventions)."""
        return self.WebSocketDisconnected or RuntimeError

    def connect(
        self,
        *incoming: Message,
        scope: Scope | None = None,
        block_when_empty: bool = False,
    ) -> tuple[Peer, wsproto_api.WebSocket]:
        """A new connection over a scripted peer that will deliver ``incoming``.

        With ``block_when_empty``, the peer's ``receive`` waits past the script until the
        test calls ``peer.push``.
        """
        peer = Peer(*incoming, block_when_empty=block_when_empty)
        return peer, self.WebSocket(make_scope() if scope is None else scope, peer.receive, peer.send)

    def sample(self, scope: Scope | None = None) -> wsproto_api.WebSocket:
        """A connection over ``scope`` (a plain one by default), built inside a running asyncio loop.

        Some frameworks' connections can only be built there (Falcon's reads the running
        loop); the suite's own tests build theirs where they run, and a binding that cannot
        be built outside a loop fails or blocks the clauses of those that do.
        """

        async def build() -> wsproto_api.WebSocket:
            return self.connect(scope=scope)[1]

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(build())
        return self.connect(scope=scope)[1]  # inside a suite test's event loop already

    async def accepted(
        self, *incoming: Message, scope: Scope | None = None, block_when_empty: bool = False
    ) -> tuple[Peer, wsproto_api.WebSocket]:
        """A connection that has received ``websocket.connect`` and sent the default accept."""
        peer, ws = self.connect(CONNECT, *incoming, scope=scope, block_when_empty=block_when_empty)
        await ws.accept()
        return peer, ws


def _required(module: ModuleType, name: str) -> object:
    try:
        return getattr(module, name)
    except AttributeError:
        raise BindingError(f"{module.__name__!r} is not a binding module: it has no {name!r}") from None


def _exception_class(module: ModuleType, name: str, value: object) -> type[BaseException]:
    if not (isinstance(value, type) and issubclass(value, BaseException)):
        raise BindingError(f"{module.__name__}.{name} must be an exception class, not {value!r}")
    return value


def _end_a_forked_copy(importing: int, error: BaseException | None) -> None:
    """End this process if it is a copy that the binding forked as it loaded, and that carries on here.

    Such a copy would run the suite a second time, into the same reports and event pipe: only
    the process that imported the binding judges it. The copy ends as its import did, for
    whoever waits for it: 0, a ``SystemExit``'s code, or 1 for an exception.
    """
    if os.getpid() == importing:
        return
    code = 0 if error is None else 1
    if isinstance(error, SystemExit):
        code = error.code if isinstance(error.code, int) else int(error.code is not None)
    os._exit(code)


def load_binding(name: str) -> Binding:
    """Import ``name`` and check that it is a binding whose ``WebSocket`` builds from a scope."""
    if not name:
        raise BindingError(f"no binding given: pass a module path such as 'wsproto_api.reference' or set {ENV_VAR}")
    importing, started = os.getpid(), os.getcwd()
    try:
        module = importlib.import_module(name)
    except BaseException as error:
        _end_a_forked_copy(importing, error)
        if not isinstance(error, Exception):
            raise
        # Any import failure is the same usage error.
        raise BindingError(f"cannot import binding {name!r}: {type(error).__name__}: {error}") from None
    finally:
        # A binding may change the working directory as it loads (to find its templates, say):
        # the reports, the deviations file and the checkers' configuration are named from where
        # the run started.
        with contextlib.suppress(OSError):
            os.chdir(started)
    _end_a_forked_copy(importing, None)
    websocket = _required(module, "WebSocket")
    if not callable(websocket):
        raise BindingError(f"{name}.WebSocket must be callable, not {websocket!r}")
    disconnect = _exception_class(module, "WebSocketDisconnect", _required(module, "WebSocketDisconnect"))
    disconnected = getattr(module, "WebSocketDisconnected", None)
    if disconnected is not None:
        disconnected = _exception_class(module, "WebSocketDisconnected", disconnected)
    state = getattr(module, "WebSocketState", None)
    if state is not None and not (isinstance(state, type) and issubclass(state, enum.Enum)):
        raise BindingError(f"{name}.WebSocketState must be an enum class, not {state!r}")
    close = getattr(module, "WebSocketClose", None)
    if close is not None and not callable(close):
        raise BindingError(f"{name}.WebSocketClose must be callable, not {close!r}")
    # What these callables build is for the suite's tests to judge; here they only need to exist.
    binding = Binding(
        name,
        module,
        cast(WebSocketConstructor, websocket),
        disconnect,
        disconnected,
        state,
        cast("Callable[..., wsproto_api.ASGIApp] | None", close),
    )
    try:
        binding.sample()
    except Exception as error:  # whatever the constructor raises, no test can run
        raise BindingError(
            f"{name}.WebSocket(scope, receive, send) fails on a well-formed websocket scope: "
            f"{type(error).__name__}: {error}"
        ) from None
    return binding
