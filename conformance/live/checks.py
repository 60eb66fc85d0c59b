"""The checks of the LIVE clauses: a real client on one side, the app's record on the other.

A check raises ``AssertionError`` when the binding is wrong: when what it showed the app,
or what it sent, does not follow from what the server delivered. Where the server delivered
something other than what the client sent, or the client saw something other than what the
binding sent, the check returns a note about the server instead: the binding is judged on
what the server gave it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Final, cast
from urllib.parse import parse_qsl, unquote

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.typing import Subprotocol

from conformance.live.app import (
    DENIAL_EXTENSION,
    HANDSHAKE,
    MULTIDICT,
    TEAPOT_BODY,
    TEAPOT_HEADERS,
    UNSENT_HEADER,
    ArrangementFailed,
    Record,
    digest,
    json_digest,
    spoken_subprotocol,
    text_pairs,
)
from conformance.live.process import TIMEOUT, LiveServer
from conformance.outcomes import BLOCKED

__all__ = ["CHECKS", "NO_EXTENSION"]

NO_EXTENSION: Final = "server lacks websocket.http.response"
"""LIVE-5's note when the server does not offer the denial-response extension."""

MIB: Final = 1 << 20

ASGI_DEFAULTS: Final[dict[str, object]] = {"trailers": False, "more_body": False}
"""The values ASGI gives the denial response's optional flags that a message leaves out."""

CLOSE_4001: Final = ("websocket.close", 4001, "server says bye")
"""The message ``close(4001, "server says bye")`` sends: its type, code and reason."""

EMPTY: Final = (digest(""), digest(b""))
"""The digests of the empty text and binary messages."""


def _connect(
    server: LiveServer,
    path: str,
    headers: Sequence[tuple[str, str]] | None = None,
    subprotocols: Sequence[Subprotocol] | None = None,
) -> connect:
    return connect(
        server.url(path),
        additional_headers=headers,
        subprotocols=subprotocols,
        open_timeout=TIMEOUT,
        # A closing handshake the server does not answer is not worth a whole time limit.
        close_timeout=1.0,
        max_size=None,
    )


def _run(coroutine: Coroutine[object, object, None]) -> None:
    async def limited() -> None:
        await asyncio.wait_for(coroutine, TIMEOUT)

    asyncio.run(limited())


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def _exactly(seen: object, expected: object) -> bool:
    """Whether ``seen`` equals ``expected`` with each number of the type ASGI gives it.

    ``==`` takes ``4001.0`` and ``True`` for ``4001`` and ``1``, but a message is what a
    server reads: a close code or a status that is a float is no ASGI ``int``. The record
    keeps each number's JSON type, so a float stays one.
    """
    if isinstance(expected, dict):
        expected_items = cast("dict[object, object]", expected)
        if not isinstance(seen, dict):
            return False
        seen_items = cast("dict[object, object]", seen)
        return seen_items.keys() == expected_items.keys() and all(
            _exactly(seen_items[key], value) for key, value in expected_items.items()
        )
    if isinstance(expected, list | tuple):
        expected_list = list(cast("list[object] | tuple[object, ...]", expected))
        if not isinstance(seen, list | tuple):
            return False
        seen_list = list(cast("list[object] | tuple[object, ...]", seen))
        return len(seen_list) == len(expected_list) and all(map(_exactly, seen_list, expected_list))
    if isinstance(expected, bool | int | float):
        return type(seen) is type(expected) and seen == expected
    return seen == expected


def _unequal(seen: object, expected: dict[str, object]) -> str:
    """The entries of ``seen`` that differ from ``expected``'s, one level into a dict, each with the one expected."""
    if not isinstance(seen, dict):
        return f"{seen!r}, not {expected!r}"
    got = cast("dict[str, object]", seen)
    found: list[str] = []
    for key in dict.fromkeys([*expected, *got]):
        want, have = expected.get(key), got.get(key)
        if want == have:
            continue
        if isinstance(want, dict) and isinstance(have, dict):
            found.append(f"{key} {_unequal(cast('object', have), cast('dict[str, object]', want))}")
        else:
            found.append(f"{key} {have!r}, not {want!r}")
    return "; ".join(found)


def _finished(server: LiveServer, path: str) -> Record:
    record = server.record(path)
    if record["outcome"].startswith(BLOCKED):
        raise ArrangementFailed(record["outcome"])
    _expect(record["outcome"] == "ok", f"the app's {path} handler {record['outcome']}")
    return record


def _payloads(messages: list[dict[str, object]], kind: str) -> list[object]:
    # A server may give both keys, the unused one None (ASGI allows it).
    return [m.get("text") if m.get("text") is not None else m.get("bytes") for m in messages if m.get("type") == kind]


def _one_payload_each(record: Record, path: str) -> None:
    """Fail unless each ``websocket.send`` the binding sent has exactly one of ``text`` and ``bytes`` non-None.

    ASGI requires it; a server may send either of two, and a client that reads both alike
    (JSON from text or from bytes) would not tell.
    """
    both = [
        m
        for m in record["sent"]
        if m.get("type") == "websocket.send" and (m.get("text") is None) == (m.get("bytes") is None)
    ]
    _expect(not both, f"{path}: each websocket.send needs exactly one of text and bytes; the binding sent {both!r}")


def _before_close(record: Record) -> int:
    """How many messages the route had sent when it called ``close()``; all it sent when it did not say."""
    before = record["before_close"]
    return len(record["sent"]) if before is None else before


def _list(value: object) -> list[object]:
    return cast("list[object]", value) if isinstance(value, list) else []


@dataclass(frozen=True)
class _Request:
    """One handshake the client makes to ``/handshake`` or a path below it: what it sends, and what it means."""

    path: str
    query: str
    x: str
    """The query's ``x``, decoded."""
    probes: tuple[str, ...]
    """The values of the repeated ``X-Probe`` header, in order."""
    offered: tuple[str, ...]
    """The subprotocols offered, in order."""


HANDSHAKES: Final = (
    _Request("/handshake", "x=%C3%A9t%C3%A9&y=2", "été", ("one", "two, three"), ("chat.v1", "chat.v2")),
    # Another request on the same server: a binding that shows a connection what an earlier
    # one delivered shows it here. Its path has an escape to decode (ASGI's path is decoded,
    # its raw_path not), which a path built from anything but the scope's path shows.
    # Its query holds a "+", which QP-6 reads as a space, and an escaped one, which it does not.
    # It offers only a subprotocol the route does not speak, so accept() is given None.
    _Request("/handshake/caf%C3%A9", "x=caf%C3%A9+cr%C3%A8me&w=4%2B4", "café crème", ("four",), ("other.v1",)),
)
"""The handshakes LIVE-1 makes, in order, each judged on its own record."""


def check_handshake(server: LiveServer) -> list[str]:
    """LIVE-1: the app sees the request the server delivered; the client gets what was accepted."""
    server.drain()
    notes = [note for request in HANDSHAKES for note in _handshake(server, request)]
    return list(dict.fromkeys(notes))


def _handshake(server: LiveServer, request: _Request) -> list[str]:
    """Make ``request``, and judge the binding on its record; the notes on the server."""
    probes = list(request.probes)
    # Without the multidict feature the binding shows a repeated header's first value alone.
    every_value = MULTIDICT not in server.absent
    client_sent = {
        "path": unquote(request.path),
        "query": request.query,
        "x": request.x,
        "probe": probes if every_value else probes[0],
    }
    offered = [Subprotocol(name) for name in request.offered]
    client_got: list[object] = []

    async def client() -> None:
        headers = [("X-Probe", probe) for probe in probes]
        async with _connect(server, f"{request.path}?{request.query}", headers, offered) as ws:
            client_got.extend([ws.subprotocol, ws.response.headers.get("x-accepted") if ws.response else None])
            await ws.wait_closed()

    _run(client())
    record = _finished(server, HANDSHAKE)
    scope = record["scope"]
    query = scope["query_string"]

    def values_of(wanted: str) -> object:
        # HDR-2: a lookup ignores the case of the name.
        values = [value for name, value in scope["headers"] if name.lower() == wanted.lower()]
        return values if every_value else next(iter(values), None)

    names = list(dict.fromkeys(name for name, _ in scope["headers"]))
    pairs = parse_qsl(query, keep_blank_values=True)

    delivered: dict[str, object] = {
        "path": scope["path"],
        "query": query,
        "x": dict(pairs).get("x"),
        "probe": values_of("x-probe"),
        "headers": {name: values_of(name) for name in names},
        # HDR-9, HDR-10: a name the scope does not hold shows no value ([] or None).
        "unsent": values_of(UNSENT_HEADER),
        # QP-8: a repeated key shows its last value.
        "params": dict(pairs),
    }
    seen = record["seen"]
    _expect(seen == delivered, f"the app saw what the server did not deliver: {_unequal(seen, delivered)}")
    subprotocols = scope["subprotocols"]
    # ACCEPT-1: accept() sends the websocket.accept, and nothing besides (the route sends
    # nothing else before it calls close()).
    accept = record["sent"][: _before_close(record)]
    chosen = spoken_subprotocol(subprotocols)
    # The headers it is given, and no others: a header the binding adds is not one it was given.
    _expect(
        [m.get("type") for m in accept] == ["websocket.accept"]
        and accept[0].get("subprotocol") == chosen
        and _list(accept[0].get("headers")) == [["x-accepted", "yes"]],
        f"accept(subprotocol={chosen!r}, headers=[(b'x-accepted', b'yes')]) sent {accept!r}",
    )
    notes = [f"server delivered {k} {delivered[k]!r} for {v!r}" for k, v in client_sent.items() if delivered[k] != v]
    if subprotocols != offered:
        notes.append(f"server delivered subprotocols {subprotocols!r} for {offered!r}")
    if client_got[0] != chosen:
        notes.append(f"client got subprotocol {client_got[0]!r}, not the accepted {chosen!r}")
    if client_got[1] != "yes":
        notes.append("server drops accept() headers")
    return notes


def _echo(server: LiveServer, path: str, messages: Sequence[str | bytes]) -> list[str]:
    """Send every message, then read the echoes up to the last one; judge both boundaries."""
    received: list[str | bytes] = []

    async def client() -> None:
        async with _connect(server, path) as ws:
            for message in messages:
                await ws.send(message)
            # The last message is never empty, and a server that drops a message drops an
            # empty one, so the last echo marks the end.
            while not received or received[-1] != messages[-1]:
                received.append(await ws.recv())

    _run(client())
    record = _finished(server, path)
    _one_payload_each(record, path)
    delivered = _payloads(record["received"], "websocket.receive")
    echoed = _payloads(record["sent"], "websocket.send")
    _expect(echoed == delivered, f"{path}: the binding sent {echoed!r} for the delivered {delivered!r}")
    notes: list[str] = []
    if delivered != [digest(m) for m in messages]:
        notes.append(f"{path}: server delivered {delivered!r} for {[digest(m) for m in messages]!r}")
    got = [digest(m) for m in received]
    if got != echoed:
        dropped = [m for m in echoed if m not in got]
        empty = all(m in EMPTY for m in dropped) and len(got) + len(dropped) == len(echoed)
        notes.append(f"{path}: server dropped the empty messages" if empty else f"{path}: client got {got!r}")
    return notes


def check_round_trips(server: LiveServer) -> list[str]:
    """LIVE-2: text, binary and JSON messages, empty, non-ASCII and of 1 MiB, come back unchanged."""
    server.drain()
    # Whitespace at both ends, which the text must keep.
    notes = _echo(server, "/echo/text", ["", " grüße,\t世界 🌍\r\n", "é" * (MIB // 2)])
    notes += _echo(server, "/echo/bytes", [b"", bytes(range(256)), bytes(range(256)) * (MIB // 256)])
    documents: list[object] = [{"text": "ü 世界", "n": [1, 2.5, None, True]}, [], "x" * MIB]
    received: list[object] = []

    async def client() -> None:
        async with _connect(server, "/echo/json") as ws:
            for document in documents:
                await ws.send(json.dumps(document, ensure_ascii=False))
                received.append(json.loads(await ws.recv()))

    _run(client())
    record = _finished(server, "/echo/json")
    _one_payload_each(record, "/echo/json")
    delivered = _payloads(record["received"], "websocket.receive")
    texts = [json.dumps(d, ensure_ascii=False) for d in documents]
    if delivered != [digest(t) for t in texts]:
        notes.append(f"/echo/json: server delivered {delivered!r} for {[digest(t) for t in texts]!r}")
    else:
        # JSON-8: one text message each, whose JSON value is the document delivered (its form is JSON-9's).
        echoed = [m.get("json") for m in record["sent"] if m.get("type") == "websocket.send"]
        expected = [json_digest(document) for document in documents]
        _expect(echoed == expected, f"/echo/json: the binding sent {echoed!r}, not text holding {expected!r}")
    if received != documents:
        notes.append(f"/echo/json: the client got {str(received)[:200]}")
    return notes


def check_close(server: LiveServer) -> list[str]:
    """LIVE-3: the server's close reaches the client, and the client's close reaches the app."""
    server.drain()
    closed: list[object] = []

    async def server_closes() -> None:
        async with _connect(server, "/close") as ws:
            closed.append(await ws.recv())
            try:
                await ws.recv()
            except ConnectionClosed as exc:
                closed.extend([exc.rcvd.code, exc.rcvd.reason] if exc.rcvd else [None, None])

    _run(server_closes())
    record = _finished(server, "/close")
    # CLOSE-2: close() sends the one websocket.close, and nothing besides (the route records
    # how many messages were sent before it called close()).
    close = record["sent"][_before_close(record) :]
    _expect(
        _exactly([(m.get("type"), m.get("code"), m.get("reason")) for m in close], [CLOSE_4001]),
        f"close(4001, 'server says bye') sent {close!r}",
    )
    notes = [] if closed == ["closing", 4001, "server says bye"] else [f"client saw {closed[1:]!r} as the close"]

    async def client_closes() -> None:
        async with _connect(server, "/disconnect") as ws:
            await ws.close(code=4002, reason="client says bye")

    _run(client_closes())
    record = _finished(server, "/disconnect")
    last = record["received"][-1]
    delivered = [last.get("code", 1005), last.get("reason") or ""]
    _expect(
        last.get("type") == "websocket.disconnect" and record["seen"] == delivered,
        f"the app saw {record['seen']!r}; the server delivered {last!r}",
    )
    if delivered != [4002, "client says bye"]:
        notes.append(f"server delivered the client's close 4002 'client says bye' as {delivered[0]!r} {delivered[1]!r}")
    return notes


def _http_status(server: LiveServer, path: str) -> tuple[int, str | None, bytes] | str | None:
    """The HTTP response refusing the handshake to ``path``, None when it was accepted, or what the client saw instead.

    A server that answers with no valid HTTP response is noted, not failed: the record says
    whether the binding sent what the clause asks.
    """
    responses: list[tuple[int, str | None, bytes] | str] = []

    async def client() -> None:
        try:
            async with _connect(server, path):
                pass
        except InvalidStatus as exc:
            response = exc.response
            responses.append((response.status_code, response.headers.get("x-denied"), bytes(response.body or b"")))
        except InvalidHandshake as exc:
            responses.append(f"no HTTP response ({exc})")

    _run(client())
    return responses[0] if responses else None


def check_refusal(server: LiveServer) -> list[str]:
    """LIVE-4: ``close()`` before ``accept()`` sends a close, which the client sees as HTTP 403."""
    server.drain()
    response = _http_status(server, "/refuse")
    record = _finished(server, "/refuse")
    sent = [m.get("type") for m in record["sent"]]
    _expect(sent == ["websocket.close"], f"close() before accept() sent {sent!r}")
    return [] if isinstance(response, tuple) and response[0] == 403 else [f"client saw {response!r}, not HTTP 403"]


def check_denial(server: LiveServer) -> list[str]:
    """LIVE-5: a denial response reaches the client, or the binding refuses where the server lacks it."""
    server.drain()
    response = _http_status(server, "/deny")
    record = _finished(server, "/deny")
    extensions = record["scope"]["extensions"]
    sent = record["sent"]
    if DENIAL_EXTENSION not in extensions:
        refused = str(record["seen"])
        _expect(refused.startswith("RuntimeError after sending 0 messages"), f"without the extension: {refused}")
        return [NO_EXTENSION]
    _expect(record["seen"] == "sent", f"send_denial_response() {record['seen']}")
    # The teapot's messages leave trailers and more_body out: ASGI reads them as False. A start
    # that says trailers follow, or a body that says more follows, is not what the app sent, and
    # leaves the response unfinished, whatever a server makes of it.
    expected: list[dict[str, object]] = [
        {
            "type": "websocket.http.response.start",
            "status": 418,
            "headers": text_pairs(TEAPOT_HEADERS),
            "trailers": False,
        },
        {"type": "websocket.http.response.body", "body": digest(TEAPOT_BODY), "more_body": False},
    ]
    _expect(
        _exactly(
            [{k: m.get(k, ASGI_DEFAULTS.get(k)) for k in e} for m, e in zip(sent, expected, strict=False)], expected
        )
        and len(sent) == len(expected),
        f"send_denial_response() sent {sent!r}, not {expected!r}",
    )
    return [] if response == (418, "yes", b"no tea") else [f"client saw {response!r}, not 418 with x-denied and body"]


CHECKS: Final[dict[str, Callable[[LiveServer], list[str]]]] = {
    "LIVE-1": check_handshake,
    "LIVE-2": check_round_trips,
    "LIVE-3": check_close,
    "LIVE-4": check_refusal,
    "LIVE-5": check_denial,
}
"""Each LIVE clause's check: it raises when the binding fails, and returns notes on the server."""
