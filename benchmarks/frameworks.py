"""The implementations the overhead benchmark compares, and how each one spells what it times.

The columns are the reference, Starlette 1.10 and every binding module of
``conformance.bindings``, found by listing that package: a new binding module is a new
column. Each is driven through its module's ``WebSocket``, called as
``WebSocket(scope, receive, send)``. Where a framework spells an operation differently from
the contract, ``SPELLINGS`` says how it is done instead (one entry per such framework); a
method it lacks is ``None`` there, and its cell is left empty ("-"). A binding whose
framework is not installed does not import, and is left out with the reason.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, cast

import conformance.bindings
from wsproto_api.asgi import Receive, Scope, Send

if TYPE_CHECKING:
    import falcon

__all__ = [
    "CONTRACT",
    "SPELLINGS",
    "Framework",
    "Iterator",
    "Kind",
    "Loaded",
    "Method",
    "PeerFactory",
    "Reads",
    "Receiver",
    "Sender",
    "Spelling",
    "discover",
    "load",
    "version",
]

Kind = Literal["text", "bytes", "json"]
"""The kinds of message the per-message cases echo."""

PeerFactory = Callable[[Scope, Receive, Send], object]
"""A binding's ``WebSocket``, called as ``WebSocket(scope, receive, send)``; its type is the framework's."""

Reads = tuple[str, str, str]
"""What the per-connection case reads: the URL's path, the ``user-agent`` header, the ``room`` query parameter."""


Receiver = Callable[[], Awaitable[object]]
"""A bound method that receives one message."""

Sender = Callable[[object], Awaitable[object]]
"""A bound method that sends one message."""

Iterator = Callable[[], AsyncIterator[object]]
"""A bound method that returns an async iterator over messages."""


class _URL(Protocol):
    @property
    def path(self) -> str: ...


class _Lookup(Protocol):
    def __getitem__(self, key: str, /) -> str: ...


class _ContractReads(Protocol):
    """The part of the contract the per-connection case reads, as most frameworks spell it too."""

    @property
    def url(self) -> _URL: ...

    @property
    def headers(self) -> _Lookup: ...

    @property
    def query_params(self) -> _Lookup: ...


def _build_websocket(factory: PeerFactory, scope: Scope, receive: Receive, send: Send) -> object:
    return factory(scope, receive, send)


def _contract_reads(held: object) -> Reads:
    ws = cast(_ContractReads, held)
    return ws.url.path, ws.headers["user-agent"], ws.query_params["room"]


Method = str | Callable[[object], object] | None
"""How to get a message method from a ``WebSocket``: its name; or a function of the ``WebSocket``
returning a callable used as that method; ``None`` where the framework has none."""


@dataclass(frozen=True)
class Spelling:
    """How one framework does what the benchmark times; the defaults are the contract's own names."""

    receive: Mapping[Kind, Method] = field(
        default_factory=lambda: {"text": "receive_text", "bytes": "receive_bytes", "json": "receive_json"}
    )
    """The method that receives one message of each kind."""
    send: Mapping[Kind, Method] = field(
        default_factory=lambda: {"text": "send_text", "bytes": "send_bytes", "json": "send_json"}
    )
    """The method that sends one message of each kind (JSON as a text message)."""
    iterate: Mapping[Kind, Method] = field(
        default_factory=lambda: {"text": "iter_text", "bytes": "iter_bytes", "json": "iter_json"}
    )
    """The method returning an async iterator over messages of each kind."""
    connection: Callable[[PeerFactory, Scope, Receive, Send], object] = _build_websocket
    """What an application holds for one connection to read its handshake data (the ``WebSocket`` by default)."""
    reads: Callable[[object], Reads] = _contract_reads
    """The per-connection reads on what ``connection`` built."""
    scope_keys: Callable[[], Mapping[str, object]] = dict
    """What the framework's app adds to the scope before it builds the ``WebSocket`` (nothing by default)."""
    app_receives_connect: bool = False
    """Whether the framework's app, not its ``WebSocket``, receives ``websocket.connect`` before building it."""
    reads_ahead: bool = False
    """Whether the ``WebSocket`` receives ahead of the application in a task of its own."""


CONTRACT: Final = Spelling()
"""The contract's spelling, which Starlette, Lilya, Litestar and Baize share where they have the method."""


class _BlackSheepURL(Protocol):
    @property
    def path(self) -> bytes: ...


class _BlackSheepHeaders(Protocol):
    def get_first(self, name: bytes, /) -> bytes | None: ...


class _BlackSheepRequest(Protocol):
    @property
    def url(self) -> _BlackSheepURL: ...

    @property
    def headers(self) -> _BlackSheepHeaders: ...

    @property
    def query(self) -> Mapping[str, list[str]]: ...


def _blacksheep_reads(held: object) -> Reads:
    # BlackSheep keeps bytes (path, header names and values) and lists of query values.
    ws = cast(_BlackSheepRequest, held)
    user_agent = ws.headers.get_first(b"user-agent")
    return ws.url.path.decode(), user_agent.decode() if user_agent is not None else "", ws.query["room"][0]


class _FalconRequest(Protocol):
    @property
    def path(self) -> str: ...

    def get_header(self, name: str, /) -> str | None: ...

    def get_param(self, name: str, /) -> str | None: ...


@functools.cache
def _falcon_request_options() -> falcon.RequestOptions:
    import falcon

    return falcon.RequestOptions()


def _falcon_connection(factory: PeerFactory, scope: Scope, receive: Receive, send: Send) -> object:
    # Falcon's app builds a Request beside the WebSocket and hands both to the responder; it
    # passes the app's one RequestOptions, which costs 30 us to build and so is built once here.
    import falcon.asgi

    # Falcon annotates the scope as a dict; it only reads it.
    request = falcon.asgi.Request(cast(dict[str, Any], scope), receive, options=_falcon_request_options())
    return factory(scope, receive, send), request


def _falcon_reads(held: object) -> Reads:
    _, request = cast(tuple[object, _FalconRequest], held)
    return request.path, request.get_header("user-agent") or "", request.get_param("room") or ""


class _AsgiToolsRequest(Protocol):
    @property
    def url(self) -> _URL: ...

    @property
    def headers(self) -> _Lookup: ...

    @property
    def query(self) -> _Lookup: ...


def _asgi_tools_connection(factory: PeerFactory, scope: Scope, receive: Receive, send: Send) -> object:
    # asgi-tools' ResponseWebSocket keeps no scope: an app reads the handshake from its Request.
    import asgi_tools
    from asgi_tools.types import TASGISend

    # asgi-tools annotates the messages it sends as read-only mappings, the project as mutable ones.
    return factory(scope, receive, send), asgi_tools.Request(scope, receive, cast(TASGISend, send))


def _asgi_tools_reads(held: object) -> Reads:
    _, request = cast(tuple[object, _AsgiToolsRequest], held)
    return request.url.path, request.headers["user-agent"], request.query["room"]


@functools.cache
def _litestar_scope_keys() -> Mapping[str, object]:
    # Litestar's app puts the matched route handler in the scope; its JSON methods read the
    # handler's type decoders from it. A handler that does nothing has none, as an echo's would.
    from litestar import WebSocket, websocket
    from litestar.datastructures import State

    async def echo(socket: WebSocket[object, object, State]) -> None:
        """An echo endpoint's handler; never called."""

    return {"route_handler": websocket("/echo")(echo)}


class _AsgineerRequest(Protocol):
    @property
    def path(self) -> str: ...

    @property
    def headers(self) -> Mapping[str, str]: ...

    @property
    def querydict(self) -> Mapping[str, str]: ...


def _asgineer_reads(held: object) -> Reads:
    ws = cast(_AsgineerRequest, held)
    return ws.path, ws.headers["user-agent"], ws.querydict["room"]


class _FlamaWebSocket(Protocol):
    def receive(self, *, data: str) -> Awaitable[object]: ...

    def send(self, *, data: str | bytes) -> Awaitable[None]: ...


class _QuartWebsocket(Protocol):
    @property
    def path(self) -> str: ...
    @property
    def headers(self) -> _Lookup: ...
    @property
    def args(self) -> _Lookup: ...


def _quart_reads(held: object) -> Reads:
    # Quart keeps the handshake as Werkzeug's request data: the path, the headers and the query's args.
    ws = cast(_QuartWebsocket, held)
    return ws.path, ws.headers["user-agent"], ws.args["room"]


def _flama_receive(kind: str) -> Callable[[object], object]:
    def bind(ws: object) -> object:
        return functools.partial(cast(_FlamaWebSocket, ws).receive, data=kind)

    return bind


def _flama_send(ws: object) -> object:
    # Flama takes the payload as a keyword argument: this adds one plain call per message.
    send = cast(_FlamaWebSocket, ws).send

    def send_data(value: str | bytes) -> Awaitable[None]:
        return send(data=value)

    return send_data


SPELLINGS: Final[Mapping[str, Spelling]] = {
    "litestar": Spelling(iterate={"text": None, "bytes": None, "json": "iter_json"}, scope_keys=_litestar_scope_keys),
    "baize": Spelling(
        receive={"text": "receive_text", "bytes": "receive_bytes", "json": None},
        send={"text": "send_text", "bytes": "send_bytes", "json": None},
        iterate={"text": "iter_text", "bytes": "iter_bytes", "json": None},
    ),
    "blacksheep": Spelling(iterate={"text": None, "bytes": None, "json": None}, reads=_blacksheep_reads),
    "falcon": Spelling(
        receive={"text": "receive_text", "bytes": "receive_data", "json": "receive_media"},
        send={"text": "send_text", "bytes": "send_data", "json": "send_media"},
        iterate={"text": None, "bytes": None, "json": None},
        connection=_falcon_connection,
        reads=_falcon_reads,
        app_receives_connect=True,
        reads_ahead=True,
    ),
    # receive() returns a text message's str or a binary one's bytes; send() sends either.
    # send_json sends a binary message, so asgi-tools has no way to send JSON as text.
    "asgi-tools": Spelling(
        receive={"text": "receive", "bytes": "receive", "json": None},
        send={"text": "send", "bytes": "send", "json": None},
        iterate={"text": None, "bytes": None, "json": None},
        connection=_asgi_tools_connection,
        reads=_asgi_tools_reads,
    ),
    # Asgineer's receive() returns a text message's str or a binary one's bytes; send() sends
    # either, and a dict as JSON in a binary message, so it has no way to send JSON as text.
    "asgineer": Spelling(
        receive={"text": "receive", "bytes": "receive", "json": "receive_json"},
        send={"text": "send", "bytes": "send", "json": None},
        iterate={"text": "receive_iter", "bytes": "receive_iter", "json": None},
        reads=_asgineer_reads,
    ),
    # Flama's receive(data=...) and send(data=...); send(json=...) sends a binary message.
    "flama": Spelling(
        receive={"text": _flama_receive("text"), "bytes": _flama_receive("bytes"), "json": None},
        send={"text": _flama_send, "bytes": _flama_send, "json": None},
        iterate={"text": None, "bytes": None, "json": None},
    ),
    # receive() returns a text message's str or a binary one's bytes; send() sends either, and
    # send_json sends text. Quart's app reads the server's receive in a task of its own.
    "quart": Spelling(
        receive={"text": "receive", "bytes": "receive", "json": "receive_json"},
        send={"text": "send", "bytes": "send", "json": "send_json"},
        iterate={"text": None, "bytes": None, "json": None},
        reads=_quart_reads,
        reads_ahead=True,
    ),
}
"""Column -> how that framework spells the benchmark's operations, where it is not the contract's way."""


@dataclass(frozen=True)
class Framework:
    """One column: its name, the module whose ``WebSocket`` it drives, and how to drive it."""

    column: str
    module: str
    own_spelling: Spelling | None = None
    """How to drive it, where not by its entry in ``SPELLINGS``."""

    @property
    def spelling(self) -> Spelling:
        """``own_spelling``, else the framework's entry in ``SPELLINGS``, else the contract's."""
        return self.own_spelling or SPELLINGS.get(self.column, CONTRACT)


def discover() -> list[Framework]:
    """The reference, Starlette, then every module of ``conformance.bindings`` in name order."""
    bindings = sorted(info.name for info in pkgutil.iter_modules(conformance.bindings.__path__))
    return [
        Framework("reference", "wsproto_api.reference"),
        Framework("starlette", "starlette.websockets"),
        *(Framework(name.replace("_", "-"), f"conformance.bindings.{name}") for name in bindings),
    ]


@dataclass(frozen=True)
class Loaded:
    """A framework whose module imported, with its ``WebSocket``."""

    framework: Framework
    factory: PeerFactory

    @property
    def column(self) -> str:
        """The framework's column name."""
        return self.framework.column

    @property
    def spelling(self) -> Spelling:
        """How the framework is driven."""
        return self.framework.spelling


def load(frameworks: list[Framework]) -> tuple[list[Loaded], dict[str, str]]:
    """The frameworks whose module imports, and, by column, why each other one was left out."""
    loaded: list[Loaded] = []
    left_out: dict[str, str] = {}
    for framework in frameworks:
        try:
            module = importlib.import_module(framework.module)
            factory = cast(PeerFactory, module.WebSocket)
        except ImportError as error:
            left_out[framework.column] = f"not installed ({error})"
        except AttributeError:
            left_out[framework.column] = f"{framework.module} has no WebSocket"
        else:
            loaded.append(Loaded(framework, factory))
    if not loaded or loaded[0].column != "reference":
        raise SystemExit(f"cannot import the reference: {left_out.get('reference', 'not listed first')}")
    return loaded, left_out


def version(column: str) -> str | None:
    """The installed version of the distribution a column is named after, if there is one."""
    try:
        return metadata.version("wsproto-api" if column == "reference" else column)
    except metadata.PackageNotFoundError:
        return None
