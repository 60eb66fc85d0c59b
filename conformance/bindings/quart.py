"""Quart's ``Websocket``, as a binding module, built and served as Quart's ASGI app serves it.

Quart 0.22.0's app hands a websocket scope to ``quart.asgi.ASGIWebsocketConnection(app, scope)``,
which builds ``quart.wrappers.websocket.Websocket`` from the scope (its path, ``query_string``,
``scheme``, headers, root path, HTTP version and requested subprotocols) with four callables of
its own: the receiving queue's ``get``, and its ``send_data``, ``accept_connection`` and
``close_connection`` bound to the server's ``send``. It then runs two tasks: a receiving task
(``handle_messages``) that awaits the server's ``receive`` from the start, puts the data of each
``websocket.receive`` on the queue and returns at ``websocket.disconnect``, and the handler's task;
when either ends, the app cancels the other (``asyncio.wait`` with ``FIRST_COMPLETED``). Quart has
no disconnect exception: a handler learns that the client left from the ``CancelledError`` that
cancels it.

``WebSocket`` here does the same with Quart's own code: it builds the connection object as the app
does, over an app built once (``Quart(__name__)``, as a module builds one for all its connections).
The handler's task is the task that uses the connection: the one that first awaits one of the four
callables (which every method of ``Websocket`` that talks to the client does). The receiving task
starts then, not when the connection is built: the app starts it beside the handler, but nothing
the handler can see tells the two apart, since the task only reads the server's ``receive``, and so
a connection can be built and its URL, headers and arguments read outside an event loop, as every
binding's can. When the receiving task returns at ``websocket.disconnect``, or Quart's code in it
raises, that task is cancelled as the app cancels the handler, if it is still in a call it was in
when it took the connection (once that call is over, the handler has returned, and the app would
have cancelled the receiving task instead). A server's ``receive`` that raises ends it too, and the
handler is cancelled as well, but for the suite's scripted peer past its script
(``ScriptExhausted``): Quart's receiving task reads ahead of the handler, so it always reads past
the script, where a server would wait for a silent client. It waits there, and the peer's error is
raised where the handler reads past the script instead, from the queue after the last message the
receiving task put there, as the peer raises it in the reference's ``receive``.

The receiving task needs a running asyncio event loop: Quart runs on asyncio only, so a connection
built under another event loop (trio's) fails as the app would fail there, and one built outside
any event loop fails at its first call that talks to the client unless that call runs on asyncio.
``Websocket.receive()`` and ``send()`` carry a message's data (``str`` or ``bytes``), not ASGI
messages; the URL, headers and query arguments are Werkzeug's, as on Quart's ``Request``.
``WebSocketDisconnect`` is an exception class of this module's that nothing raises, since a binding
must export one and Quart has none; Quart has no ``WebSocketDisconnected`` (closing twice raises a
plain ``RuntimeError``), no state enum and no closing ASGI application.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any, Final, TypeAlias, cast

import quart
import sniffio
from hypercorn.typing import ASGIReceiveCallable, ASGISendCallable, WebsocketScope
from quart import Quart
from quart.asgi import ASGIWebsocketConnection
from quart.wrappers import Websocket

from conformance.peer import ScriptExhausted

__all__ = ["WebSocket", "WebSocketDisconnect"]

Receive: TypeAlias = Callable[[], Awaitable[Any]]
"""The server's ``receive``."""

Send: TypeAlias = Callable[[Any], Awaitable[None]]
"""The server's ``send``."""

_APP = Quart(__name__)


class WebSocketDisconnect(Exception):
    """What a binding exports as its disconnect exception: Quart has none, and nothing raises this.

    A Quart handler learns that the client left from the ``CancelledError`` that cancels it.
    """


class _PastTheScript:
    """What the receiving task puts on the queue when the scripted peer has nothing more: its error."""

    def __init__(self, error: ScriptExhausted) -> None:
        self.error = error


class _Handler:
    """The task that uses one connection, and the calls it was in when it used it."""

    def __init__(self, serve: Callable[[_Handler], None]) -> None:
        self.task: asyncio.Task[Any] | None = None
        self.calls: dict[int, FrameType] = {}  # the frames kept, so that the ids stay theirs
        self.used = False
        self._serve = serve

    def take(self) -> None:
        """Record the first task to use the connection as the handler's, and start serving it then."""
        if not self.used:
            self.used, self.task = True, asyncio.current_task()
            self.calls = {id(frame): frame for frame in _open_calls(self.task)}
            self._serve(self)

    def cancel(self) -> None:
        """Cancel the handler's task, as the app does when the receiving task ends, if its handler still runs.

        The handler is each call the task was in when it first used the connection: while the task is
        still in one of them, the handler has not returned. Once it has, the app would have
        cancelled the receiving task instead (a task that runs one handler after another, as a
        test runner's does, is in another's call by then).
        """
        task = self.task
        if task is None or task.done():
            return
        if any(id(frame) in self.calls for frame in _open_calls(task)):
            task.cancel()


_OWN_FILES: Final = (str(Path(quart.__file__).parent), __file__)
"""Where Quart's code and this module's are: calls into them are the connection's, not the handler's."""


def _open_calls(task: asyncio.Task[Any] | None) -> list[FrameType]:
    """The frames of the coroutines ``task`` is in, outermost first, down to a call into Quart or this module.

    Below the task's own coroutine when there are any, which a task that runs one handler after
    another stays in: the task's own when the connection is used from it directly, or when it is
    a call into Quart (as the app's handler task is). A task that runs now is read from the
    stack, one that waits from what each of its coroutines awaits.
    """
    if task is None:
        return []
    root = task.get_coro()
    root_frame = cast("FrameType | None", getattr(root, "cr_frame", None))
    frames: list[FrameType] = []
    if task is asyncio.current_task():
        frame = inspect.currentframe()  # the running task's coroutines are on the stack
        while frame is not None:
            if frame.f_code.co_flags & _COROUTINE:
                frames.append(frame)
            if frame is root_frame:
                break
            frame = frame.f_back
        frames.reverse()
    else:
        awaited: object = root
        while (held := getattr(awaited, "cr_frame", None) or getattr(awaited, "ag_frame", None)) is not None:
            frames.append(cast(FrameType, held))
            awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "ag_await", None)
    chain: list[FrameType] = []
    for frame in frames:
        if frame.f_code.co_filename.startswith(_OWN_FILES):
            break
        chain.append(frame)
    return chain[1:] or chain or ([root_frame] if root_frame is not None else [])


_COROUTINE: Final = inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR
"""The code flags of a coroutine's frame or an async generator's."""


def _taking(handler: _Handler, call: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """``call``, recording the task that awaits it as the handler's."""

    async def taken(*args: Any) -> Any:
        handler.take()
        return await call(*args)

    return taken


def _queue(connection: ASGIWebsocketConnection) -> asyncio.Queue[Any]:
    """The queue the app's receiving task fills and the ``Websocket`` reads (Quart leaves its items untyped)."""
    queue: asyncio.Queue[Any] = connection.queue  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    return queue


def _reading(handler: _Handler, queue: asyncio.Queue[Any]) -> Callable[[], Awaitable[Any]]:
    """The queue's ``get``, the handler's, raising the scripted peer's error where the handler reads past it."""

    async def get() -> Any:
        handler.take()
        data = await queue.get()
        if isinstance(data, _PastTheScript):
            queue.put_nowait(data)  # for every later read, as the peer raises on every call past its script
            raise data.error
        return data

    return get


async def _receiving(connection: ASGIWebsocketConnection, receive: Receive) -> bool:
    """Quart's receiving task over the server's ``receive``; whether it ended, not waiting past the script."""

    async def server_receive() -> Any:
        try:
            return await receive()
        except ScriptExhausted as error:
            _queue(connection).put_nowait(_PastTheScript(error))
            raise

    try:
        await connection.handle_messages(cast(ASGIReceiveCallable, server_receive))
    except ScriptExhausted:
        return False
    return True


async def _serving(receiving: asyncio.Task[bool], handler: _Handler) -> None:
    """The app's part: when the receiving task ends, cancel the handler's task, as the app does.

    The app awaits ``asyncio.wait`` over both tasks and then cancels the pending one, so the
    handler's task is cancelled in that later step, not in the receiving task's own. What the
    receiving task raised the app raises to the server; here it is only retrieved.
    """
    await asyncio.wait([receiving], return_when=asyncio.FIRST_COMPLETED)
    if receiving.cancelled() or (receiving.exception() is None and not receiving.result()):
        return
    handler.cancel()


def WebSocket(scope: dict[str, Any], receive: Receive | None = None, send: Send | None = None) -> Websocket:
    """Quart's ``Websocket`` over ``scope``, served as Quart's app serves it from its first use on."""
    if _running_library() is not None:
        asyncio.get_running_loop()  # Quart's app runs on asyncio only: under another loop it cannot start
    connection = ASGIWebsocketConnection(_APP, cast(WebsocketScope, scope))
    # Quart's app always has both callables; a missing one is passed on, so that what Quart
    # does without it is Quart's own.
    server_send = cast(ASGISendCallable, send)
    websocket = connection._create_websocket_from_scope(server_send)  # pyright: ignore[reportPrivateUsage]
    handler = _Handler(partial(_serve, connection, cast(Receive, receive)))
    websocket._receive = _reading(handler, _queue(connection))  # pyright: ignore[reportPrivateUsage]
    websocket._send = _taking(handler, partial(connection.send_data, server_send))  # pyright: ignore[reportPrivateUsage]
    websocket._accept = _taking(handler, partial(connection.accept_connection, server_send))  # pyright: ignore[reportPrivateUsage]
    websocket._close = _taking(handler, partial(connection.close_connection, server_send))  # pyright: ignore[reportPrivateUsage]
    return websocket


def _running_library() -> str | None:
    """The async library whose event loop runs the caller, or ``None`` outside any."""
    try:
        return sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return None


def _serve(connection: ASGIWebsocketConnection, receive: Receive, handler: _Handler) -> None:
    """Start the app's receiving task and its part that cancels ``handler``'s task when that one ends."""
    loop = asyncio.get_running_loop()  # Quart's app runs on asyncio only
    receiving = loop.create_task(_receiving(connection, receive))
    receiving.add_done_callback(_retrieved)
    serving = loop.create_task(_serving(receiving, handler))
    _SERVING.add(serving)
    serving.add_done_callback(_SERVING.discard)


_SERVING: set[asyncio.Task[None]] = set()
"""The app's part of each connection that runs, kept from the garbage collector as a server keeps the app's call."""


def _retrieved(task: asyncio.Task[bool]) -> None:
    """Take what a receiving task that ended raised: the app raises it to the server, not to the loop's handler."""
    if not task.cancelled():
        task.exception()
