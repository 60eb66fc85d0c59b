"""Per connection: building a connection and reading its handshake data, its memory, its datastructures.

Every case goes through the binding's ``WebSocket`` built from a realistic handshake scope
(twelve headers, among them ``host``, ``cookie`` and ``user-agent``, and a query string of
five pairs), so it measures what an application pays, and relies on nothing but the
contract. The raw floor does the same reads on the bare scope, as an ASGI app written
without a connection object would: ``scope["path"]``, a scan of ``scope["headers"]`` for a
lowercase name, ``urllib.parse`` for the query string and the URL.

- ``construct``: ``WebSocket(scope, receive, send)`` alone (no raw floor: it builds nothing).
- ``construct, url.path, header, query param``: then ``ws.url.path``,
  ``ws.headers["user-agent"]`` and ``ws.query_params["room"]``.
- ``headers lookup, N headers``: on a connection's built ``Headers`` of N headers,
  ``headers[name]`` of the last one and ``headers.get`` of an absent one (each a full scan).
- ``query params parse``: build a connection, ``ws.query_params`` then one lookup.
- ``url parse``: build a connection, ``ws.url`` then its scheme, hostname, port, path and query.
- memory: ``tracemalloc`` bytes still allocated per connection object after the reads of
  the second case, over ``count`` connections kept alive, each with its own scope. The raw
  column there is the size of one scope itself, which a server allocates anyway.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from benchmarks.common import Factory, Sampler, calibrate
from wsproto_api.asgi import Message, Scope

__all__ = ["CASES", "ConnectionCase", "bytes_per_connection", "bytes_per_scope", "handshake_scope", "samplers"]

Operation = Callable[[], object]
"""One timed call; what it returns is compared across columns before timing."""

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


class _IdlePeer:
    """A peer that is never called: the per-connection cases send and receive nothing."""

    async def receive(self) -> Message:
        raise RuntimeError("the per-connection cases receive nothing")

    async def send(self, message: Message) -> None:
        raise RuntimeError("the per-connection cases send nothing")


_PEER: Final = _IdlePeer()


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


def _construct(factory: Factory | None, scope: Scope) -> Operation:
    if factory is None:
        return lambda: None

    def operation() -> object:
        factory(scope, _PEER.receive, _PEER.send)
        return None

    return operation


def _reads(factory: Factory | None, scope: Scope) -> Operation:
    if factory is None:
        return lambda: (scope["path"], _raw_header(scope, b"user-agent"), _raw_query_param(scope, "room"))

    def operation() -> object:
        ws = factory(scope, _PEER.receive, _PEER.send)
        return ws.url.path, ws.headers["user-agent"], ws.query_params["room"]

    return operation


def _headers_lookup(count: int) -> Callable[[Factory | None, Scope], Operation]:
    last = f"x-header-{count - len(handshake_scope()['headers'])}"

    def build(factory: Factory | None, scope: Scope) -> Operation:
        if factory is None:
            wanted = last.encode("latin-1")
            return lambda: (_raw_header(scope, wanted), _raw_header(scope, b"x-absent"))
        headers = factory(scope, _PEER.receive, _PEER.send).headers
        if len(headers) != count:
            raise RuntimeError(f"the headers case has {len(headers)} headers, not {count}")
        return lambda: (headers[last], headers.get("x-absent"))

    return build


def _query_params(factory: Factory | None, scope: Scope) -> Operation:
    if factory is None:
        return lambda: _raw_query_param(scope, "page")

    def operation() -> object:
        return factory(scope, _PEER.receive, _PEER.send).query_params["page"]

    return operation


def _raw_url(scope: Scope) -> object:
    host = _raw_header(scope, b"host")
    text = f"{scope['scheme']}://{host}{scope['path']}?{scope['query_string'].decode('latin-1')}"
    parts = urlsplit(text)
    return parts.scheme, parts.hostname, parts.port, parts.path, parts.query


def _url(factory: Factory | None, scope: Scope) -> Operation:
    if factory is None:
        return lambda: _raw_url(scope)

    def operation() -> object:
        url = factory(scope, _PEER.receive, _PEER.send).url
        return url.scheme, url.hostname, url.port, url.path, url.query

    return operation


@dataclass(frozen=True)
class ConnectionCase:
    """One row: how to build each column's timed operation over a scope with ``extra_headers`` more."""

    group: str
    name: str
    build: Callable[[Factory | None, Scope], Operation]
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


def _batch_sampler(operation: Operation, loops: int) -> Sampler:
    def sample() -> float:
        started = time.perf_counter()
        for _ in range(loops):
            operation()
        return (time.perf_counter() - started) / loops

    return sample


def samplers(case: ConnectionCase, factories: dict[str, Factory], min_time: float) -> dict[str, Sampler]:
    """A sampler per column for ``case``: each times a batch lasting about ``min_time``, per operation."""
    scope = handshake_scope(case.extra_headers)
    operations: dict[str, Operation] = {"raw": case.build(None, scope)} if case.has_raw else {}
    operations |= {column: case.build(factory, scope) for column, factory in factories.items()}
    if case.compare:
        results = {column: operation() for column, operation in operations.items()}
        if len({repr(result) for result in results.values()}) != 1:
            raise RuntimeError(f"{case.name}: the columns compute different things: {results!r}")
    return {
        column: _batch_sampler(operation, calibrate(operation, min_time)) for column, operation in operations.items()
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


def bytes_per_connection(factory: Factory, count: int) -> float:
    """Bytes a live connection object holds beyond its scope, after the reads of the per-connection case."""
    scopes = [handshake_scope() for _ in range(count)]
    # The list that keeps the connections alive is allocated before measuring, so only they count.
    slots: list[object] = [None] * count

    def make() -> list[object]:
        for index, scope in enumerate(scopes):
            ws = factory(scope, _PEER.receive, _PEER.send)
            _ = ws.url.path, ws.headers["user-agent"], ws.query_params["room"]
            slots[index] = ws
        return slots

    allocated, _ = _allocated(make)
    return allocated / count
