"""Per connection: building a connection and reading its handshake data, its memory, its datastructures.

Every case goes through the binding's ``WebSocket`` built from a realistic handshake scope
(twelve headers, among them ``host``, ``cookie`` and ``user-agent``, and a query string of
five pairs), so it measures what an application pays. Every operation gets a scope of its
own, a fresh copy with a fresh ``scope["state"]``, as each connection does: some frameworks
cache what they parse in the scope or its state, and a reused scope would time a cache hit.
The copies are made before the timing. The raw floor does the same reads on the bare
scope, as an ASGI app written without a connection object would: ``scope["path"]``, a scan
of ``scope["headers"]`` for a lowercase name, ``urllib.parse`` for the query string and the URL.

- ``construct``: ``WebSocket(scope, receive, send)`` alone (no raw floor: it builds nothing).
- ``construct, url.path, header, query param``: then ``ws.url.path``,
  ``ws.headers["user-agent"]`` and ``ws.query_params["room"]``, or the framework's own
  spelling of them (``Spelling.connection`` and ``Spelling.reads``).
- ``headers lookup, N headers``: on a connection's built ``Headers`` of N headers,
  ``headers[name]`` of the last one and ``headers.get`` of an absent one (each a full scan).
- ``query params parse``: build a connection, ``ws.query_params`` then one lookup.
- ``url parse``: build a connection, ``ws.url`` then its scheme, hostname, port, path and query.
- memory: ``tracemalloc`` bytes still allocated per connection after the reads of the
  second case, over ``count`` connections kept alive, each with its own scope. The raw
  column there is the size of one scope itself, which a server allocates anyway.

The datastructure cases use the contract's spelling only; a framework that spells them
otherwise has no figure there. Every case runs inside an asyncio event loop, since Falcon's
``WebSocket`` needs a running one to be built; nothing suspends, so the loop costs nothing timed.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Protocol, cast
from urllib.parse import parse_qsl, urlsplit

from benchmarks.common import Sampler, WrongResult, calibrate, cpu_clock, in_loop
from benchmarks.frameworks import Loaded
from wsproto_api.asgi import Message, Scope

__all__ = [
    "CASES",
    "ConnectionCase",
    "bytes_per_connection",
    "bytes_per_scope",
    "fresh_scope",
    "handshake_scope",
    "samplers",
]

Operation = Callable[[Scope], object]
"""One timed call on a connection's own scope; what it returns is compared across columns before timing."""

_QUERY_STRING: Final = b"room=lobby&token=3f2a9c&page=2&lang=en&tz=UTC"


def handshake_scope(extra_headers: int = 0) -> Scope:
    """A websocket scope as uvicorn builds it for a browser's handshake; ``extra_headers`` more at the end.

    Every bytes object is new, as it is for a server reading a request off the wire.
    """
    headers = [
        (b"host", b"chat.example.org:8000"),
        (b"user-agent", b"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
        (b"accept", b"*/*"),
        (b"accept-language", b"en-US,en;q=0.5"),
        (b"accept-encoding", b"gzip, deflate, br"),
        (b"sec-websocket-version", b"13"),
        (b"origin", b"https://chat.example.org"),
        (b"sec-websocket-extensions", b"permessage-deflate"),
        (b"sec-websocket-key", b"dGhlIHNhbXBsZSBub25jZQ=="),
        (b"cookie", b"session=8a7f3e2b1c; theme=dark"),
        (b"connection", b"keep-alive, Upgrade"),
        (b"upgrade", b"websocket"),
    ]
    headers += [(b"x-header-%d" % n, b"value-%d" % n) for n in range(1, extra_headers + 1)]
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "ws",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 51234),
        "root_path": "",
        "path": "/chat/lobby",
        "raw_path": bytes(bytearray(b"/chat/lobby")),
        "query_string": bytes(bytearray(_QUERY_STRING)),
        "headers": [(bytes(bytearray(name)), bytes(bytearray(value))) for name, value in headers],
        "subprotocols": [],
        "state": {},
    }


def fresh_scope(scope: Scope) -> Scope:
    """A new scope dict with the same handshake and a new, empty ``state``, as for a new connection."""
    return {**scope, "state": {}}


class _IdlePeer:
    """A peer that is never called: the per-connection cases send and receive nothing."""

    async def receive(self) -> Message:
        raise RuntimeError("the per-connection cases receive nothing")

    async def send(self, message: Message) -> None:
        raise RuntimeError("the per-connection cases send nothing")


_PEER: Final = _IdlePeer()


class _URL(Protocol):
    scheme: str
    hostname: str | None
    port: int | None
    path: str
    query: str


class _Headers(Protocol):
    def __len__(self) -> int: ...

    def __getitem__(self, key: str, /) -> str: ...

    def get(self, key: str, /) -> str | None: ...


class _Params(Protocol):
    def __getitem__(self, key: str, /) -> str: ...


class _Connection(Protocol):
    """What the datastructure cases read, in the contract's spelling."""

    @property
    def url(self) -> _URL: ...

    @property
    def headers(self) -> _Headers: ...

    @property
    def query_params(self) -> _Params: ...


def _build(loaded: Loaded, scope: Scope) -> _Connection:
    return cast(_Connection, loaded.factory(scope, _PEER.receive, _PEER.send))


def _raw_header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            found: str = value.decode("latin-1")
            return found
    return None


def _raw_query_param(scope: Scope, key: str) -> str:
    query_string: bytes = scope["query_string"]
    return dict(parse_qsl(query_string.decode("latin-1"), keep_blank_values=True))[key]


# -- the operations, raw and through a connection --------------------------------------------


def _construct(loaded: Loaded | None, base: Scope) -> Operation:
    if loaded is None:
        return lambda scope: None
    factory = loaded.factory

    def operation(scope: Scope) -> object:
        factory(scope, _PEER.receive, _PEER.send)
        return None

    return operation


def _reads(loaded: Loaded | None, base: Scope) -> Operation:
    if loaded is None:
        return lambda scope: (scope["path"], _raw_header(scope, b"user-agent"), _raw_query_param(scope, "room"))
    factory, connection, reads = loaded.factory, loaded.spelling.connection, loaded.spelling.reads

    def operation(scope: Scope) -> object:
        return reads(connection(factory, scope, _PEER.receive, _PEER.send))

    return operation


def _headers_lookup(count: int) -> Callable[[Loaded | None, Scope], Operation]:
    last = f"x-header-{count - len(handshake_scope()['headers'])}"

    def build(loaded: Loaded | None, base: Scope) -> Operation:
        if loaded is None:
            wanted = last.encode("latin-1")
            return lambda scope: (_raw_header(scope, wanted), _raw_header(scope, b"x-absent"))
        headers = _build(loaded, fresh_scope(base)).headers
        if len(headers) != count:
            raise WrongResult(f"the headers case has {len(headers)} headers, not {count}")
        # The headers are built once: the lookups are what is timed, not the scope.
        return lambda scope: (headers[last], headers.get("x-absent"))

    return build


def _query_params(loaded: Loaded | None, base: Scope) -> Operation:
    if loaded is None:
        return lambda scope: _raw_query_param(scope, "page")

    def operation(scope: Scope) -> object:
        return _build(loaded, scope).query_params["page"]

    return operation


def _raw_url(scope: Scope) -> object:
    host = _raw_header(scope, b"host")
    text = f"{scope['scheme']}://{host}{scope['path']}?{scope['query_string'].decode('latin-1')}"
    parts = urlsplit(text)
    return parts.scheme, parts.hostname, parts.port, parts.path, parts.query


def _url(loaded: Loaded | None, base: Scope) -> Operation:
    if loaded is None:
        return _raw_url

    def operation(scope: Scope) -> object:
        url = _build(loaded, scope).url
        return url.scheme, url.hostname, url.port, url.path, url.query

    return operation


@dataclass(frozen=True)
class ConnectionCase:
    """One row: how to build each column's timed operation over a scope with ``extra_headers`` more."""

    group: str
    name: str
    build: Callable[[Loaded | None, Scope], Operation]
    extra_headers: int = 0
    compare: bool = True
    """Whether every column must compute the same thing (not so for ``construct``)."""
    has_raw: bool = True
    """Whether the raw floor does this work at all (it builds no connection)."""


_BASE_HEADERS: Final = len(handshake_scope()["headers"])

CASES: Final = (
    ConnectionCase("per connection", "construct", _construct, compare=False, has_raw=False),
    ConnectionCase("per connection", "construct, url.path, header, query param", _reads),
    ConnectionCase("datastructures", "headers lookup, 20 headers", _headers_lookup(20), 20 - _BASE_HEADERS),
    ConnectionCase("datastructures", "headers lookup, 100 headers", _headers_lookup(100), 100 - _BASE_HEADERS),
    ConnectionCase("datastructures", "query params parse", _query_params),
    ConnectionCase("datastructures", "url parse", _url),
)
"""Every timed per-connection case, in the table's order."""


def _sampler(case: ConnectionCase, loaded: Loaded | None, base: Scope, min_time: float, expected: object) -> Sampler:
    """Times a batch of the operation lasting about ``min_time``, each call on a fresh scope, per call.

    The first call builds the operation, checks what it computes against ``expected`` (unless
    that is ``None``) and calibrates the batch; it raises what building or checking raised.
    """
    prepared: list[tuple[Operation, int]] = []

    def setup() -> tuple[Operation, int]:
        operation = case.build(loaded, base)
        result = operation(fresh_scope(base))
        if expected is not None and result != expected:
            raise WrongResult(f"computes {result!r}, not {expected!r}")
        return operation, calibrate(lambda: operation(fresh_scope(base)), min_time)

    def sample() -> float:
        if not prepared:
            prepared.append(in_loop(setup))
        operation, loops = prepared[0]
        scopes = [fresh_scope(base) for _ in range(loops)]

        def batch() -> float:
            started = cpu_clock()
            for scope in scopes:
                operation(scope)
            return (cpu_clock() - started) / loops

        return in_loop(batch)

    return sample


def _base(loaded: Loaded | None, scope: Scope) -> Scope:
    """``scope`` with what the framework's app adds to it before building its ``WebSocket``."""
    return scope if loaded is None else {**scope, **loaded.spelling.scope_keys()}


def samplers(case: ConnectionCase, frameworks: list[Loaded], min_time: float) -> dict[str, Sampler]:
    """A sampler per column for ``case``: each times a batch lasting about ``min_time``, per operation.

    What the reference computes is what every other column must compute; a column that
    computes something else raises ``WrongResult``, and one that lacks an attribute the
    case reads raises what it raised, both at its first sample.
    """
    base = handshake_scope(case.extra_headers)
    reference = next(loaded for loaded in frameworks if loaded.column == "reference")
    expected = in_loop(lambda: case.build(reference, base)(fresh_scope(base))) if case.compare else None
    columns: list[Loaded | None] = [None] if case.has_raw else []
    columns += frameworks
    return {
        "raw" if loaded is None else loaded.column: _sampler(case, loaded, _base(loaded, base), min_time, expected)
        for loaded in columns
    }


# -- memory ------------------------------------------------------------------------------------


def _allocated(make: Callable[[], list[object]]) -> tuple[int, list[object]]:
    """The bytes ``make`` leaves allocated (what it returns keeps them alive), and what it returns."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return after - before, kept


def bytes_per_scope(count: int) -> float:
    """The raw floor of memory: bytes per handshake scope, as a server holds one per connection."""
    allocated, _ = _allocated(lambda: [handshake_scope() for _ in range(count)])
    return allocated / count


def bytes_per_connection(loaded: Loaded, count: int) -> float:
    """Bytes what an app holds for a live connection adds beyond its scope, after the per-connection reads.

    For most frameworks that is the ``WebSocket``; for those whose ``WebSocket`` keeps no
    handshake data, the ``WebSocket`` and the request object read beside it.
    """
    scopes = [_base(loaded, handshake_scope()) for _ in range(count)]
    # The list that keeps the connections alive is allocated before measuring, so only they count.
    slots: list[object] = [None] * count
    connection, reads = loaded.spelling.connection, loaded.spelling.reads

    def make() -> list[object]:
        for index, scope in enumerate(scopes):
            held = connection(loaded.factory, scope, _PEER.receive, _PEER.send)
            reads(held)
            slots[index] = held
        return slots

    allocated, _ = in_loop(lambda: _allocated(make))
    return allocated / count
