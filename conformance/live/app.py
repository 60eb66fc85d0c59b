"""The application a live server runs: routes built on the binding's ``WebSocket``.

Each route records both sides of the ASGI boundary: what the server delivered (the scope
and every message ``receive`` returned) and what the binding sent. The checks judge the
binding on that record, and the server on how it matches what the client sent and saw, so a
server that loses something is told apart from a binding that does.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Final, TypedDict, cast
from urllib.parse import parse_qsl

from conformance.binding import Binding
from conformance.features import absence
from conformance.outcomes import BLOCKED
from conformance.spec import current_spec
from wsproto_api import WebSocket
from wsproto_api.asgi import Message, Receive, Scope, Send

__all__ = [
    "DENIAL_EXTENSION",
    "HANDSHAKE",
    "MULTIDICT",
    "TEAPOT_BODY",
    "TEAPOT_HEADERS",
    "UNSENT_HEADER",
    "ArrangementFailed",
    "LiveApp",
    "Record",
    "ScopeRecord",
    "absent_features",
    "accepted",
    "digest",
    "spoken_subprotocol",
    "summary",
    "text_pairs",
]

DENIAL_EXTENSION: Final = "websocket.http.response"

UNSENT_HEADER: Final = "x-never-sent"
"""A header name the live client never sends, which ``/handshake`` looks up all the same."""

HANDSHAKE: Final = "/handshake"
"""The route of LIVE-1, which also serves every path below it."""

MULTIDICT: Final = "multidict"
"""The feature whose ``headers.getlist`` ``/handshake`` reads where the binding has it."""


def absent_features(binding: Binding) -> dict[str, str]:
    """The features that LIVE clauses belong to, or that the routes read, which ``binding`` lacks, with why."""
    needed = {c.feature for c in current_spec().live_clauses.values() if c.feature is not None} | {MULTIDICT}
    return {name: why for name in sorted(needed) if (why := _lacks(binding, name))}


def _lacks(binding: Binding, feature: str) -> str:
    # Detected once per process: every later call is a look-up.
    return absence(binding, current_spec().features[feature])


class ScopeRecord(TypedDict):
    """The parts of the scope the server delivered that the checks compare, as text."""

    path: str
    query_string: str
    headers: list[list[str]]
    subprotocols: list[str]
    extensions: list[str]


class Record(TypedDict):
    """What one connection reported, in JSON terms."""

    path: str
    """The route that served the connection; the path the server delivered is the scope's."""
    outcome: str
    """``ok``, or the exception the route raised."""
    scope: ScopeRecord
    received: list[dict[str, object]]
    """What ``receive`` returned, in order, payloads as digests."""
    sent: list[dict[str, object]]
    """What the binding sent, in order, payloads as digests."""
    seen: object
    """What the binding showed the route, where the route records it; else None."""
    before_close: int | None
    """How many messages had been sent when the route called ``close()``, where it calls it after ``accept()``."""


def digest(payload: str | bytes) -> str:
    """A short, exact stand-in for a payload: its kind, length and hash."""
    kind, data = ("text", payload.encode("utf-8", "surrogatepass")) if isinstance(payload, str) else ("bytes", payload)
    return f"{kind}:{len(data)}:{hashlib.sha256(data).hexdigest()[:16]}"


def text_pairs(pairs: Iterable[object]) -> list[list[str]] | str:
    """Header pairs as latin-1 text; anything but pairs of bytes is kept as its ``repr``."""
    kept: list[list[str]] = []
    for pair in pairs:
        items = list(cast("Iterable[object]", pair)) if isinstance(pair, tuple | list) else []
        if len(items) != 2 or not isinstance(items[0], bytes) or not isinstance(items[1], bytes):
            # A malformed pair must show in the record as it was sent, not be repaired.
            return repr(pairs)
        kept.append([items[0].decode("latin-1"), items[1].decode("latin-1")])
    return kept


def json_digest(value: object) -> str:
    """A digest of a JSON value, the same whatever the form of the text that carried it."""
    return digest(json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False))


def summary(message: Message) -> dict[str, object]:
    """A message as the record keeps it: payloads become digests, header pairs become text.

    A text payload that is JSON also gets the digest of its value (``json``), so that a JSON
    echo is judged by value, as JSON-8 says, not by the form of its text.
    """
    kept: dict[str, object] = {}
    for key, value in message.items():
        if key in ("text", "bytes", "body") and isinstance(value, str | bytes):
            kept[key] = digest(value)
            if key == "text" and isinstance(value, str):
                # Text that is not JSON has only its digest to compare.
                with contextlib.suppress(ValueError):
                    kept["json"] = json_digest(json.loads(value))
        elif key == "headers" and isinstance(value, list | tuple):
            kept[key] = text_pairs(cast("Iterable[object]", value))
        elif isinstance(value, str | int | float | bool) or value is None:
            kept[key] = value
        else:
            kept[key] = repr(value)
    return kept


Route = Callable[[Binding, Scope, Receive, Send, Record], Awaitable[None]]


class ArrangementFailed(Exception):
    """A route's step that only brings the connection to what a check judges did not do its clause's part."""


async def accepted(
    ws: WebSocket,
    record: Record,
    subprotocol: str | None = None,
    headers: Iterable[tuple[bytes, bytes]] | None = None,
) -> None:
    """``ws.accept(subprotocol, headers)``, which must have received ``websocket.connect`` first (ACCEPT-1).

    An ``accept()`` that leaves the server's ``websocket.connect`` unreceived hands it to the
    route's next receive, which would then judge the handshake's message as the client's.
    """
    await ws.accept(subprotocol, headers)
    if not any(message.get("type") == "websocket.connect" for message in record["received"]):
        raise ArrangementFailed(f"{BLOCKED}ACCEPT-1: accept() returned without receiving websocket.connect")


class LiveApp:
    """An ASGI app serving the live routes; it hands each connection's record to ``report``."""

    def __init__(self, binding: Binding, report: Callable[[Record], None], ready: Callable[[], None]) -> None:
        self.binding = binding
        self.report = report
        self.ready = ready

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection: lifespan, or a websocket on one of the routes."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path = str(scope.get("path", ""))
        # A path below /handshake is served by /handshake, so that its path can hold
        # something to decode.
        name = HANDSHAKE if path.startswith(HANDSHAKE + "/") else path
        route = ROUTES.get(name)
        if scope["type"] != "websocket" or route is None:
            return
        received: list[dict[str, object]] = []
        sent: list[dict[str, object]] = []

        async def recording_receive() -> Message:
            message = await receive()
            received.append(summary(message))
            return message

        async def recording_send(message: Message) -> None:
            sent.append(summary(message))
            await send(message)

        record: Record = {
            "path": name,
            "scope": {
                "path": path,
                "query_string": bytes(scope.get("query_string", b"")).decode("latin-1"),
                "headers": [[bytes(n).decode("latin-1"), bytes(v).decode("latin-1")] for n, v in scope["headers"]],
                "subprotocols": list(scope.get("subprotocols", [])),
                "extensions": sorted(scope.get("extensions") or {}),
            },
            "received": received,
            "sent": sent,
            "outcome": "ok",
            "seen": None,
            "before_close": None,
        }
        try:
            await route(self.binding, scope, recording_receive, recording_send, record)
        except ArrangementFailed as exc:
            record["outcome"] = str(exc)
            raise
        except BaseException as exc:
            record["outcome"] = f"raised {exc!r}"
            raise
        finally:
            self.report(record)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
                self.ready()
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def spoken_subprotocol(offered: Iterable[str]) -> str | None:
    """The subprotocol ``/handshake`` accepts: the last one offered that it speaks (``chat.*``), else None."""
    spoken = [name for name in offered if name.startswith("chat.")]
    return spoken[-1] if spoken else None


def _query_keys(query: str) -> list[str]:
    """The keys of a query string, as QP-6 parses them, each once, in order."""
    return list(dict.fromkeys(key for key, _ in parse_qsl(query, keep_blank_values=True)))


def _header_names(scope: Scope) -> list[str]:
    """The names of the scope's headers, as latin-1 text, each once, in order."""
    return list(dict.fromkeys(bytes(name).decode("latin-1") for name, _ in scope["headers"]))


async def _handshake(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    subprotocol = spoken_subprotocol(record["scope"]["subprotocols"])
    await accepted(ws, record, subprotocol=subprotocol, headers=[(b"x-accepted", b"yes")])
    # Every value of a repeated header is the multidict feature's (HDR-10); the core shows
    # the first (HDR-9).
    lookup = ws.headers.get if _lacks(binding, MULTIDICT) else ws.headers.getlist
    record["seen"] = {
        "path": ws.url.path,
        "query": ws.url.query,
        "x": ws.query_params.get("x"),
        "probe": lookup("x-probe"),
        # Every header the server delivered, each looked up by the name it delivered.
        "headers": {name: lookup(name) for name in _header_names(scope)},
        # And one the client never sends, which the binding shows as missing.
        "unsent": lookup(UNSENT_HEADER),
        # Every query parameter the server delivered, each looked up by its key (QP-6; LIVE-1
        # names no query_params.getlist).
        "params": {key: ws.query_params.get(key) for key in _query_keys(record["scope"]["query_string"])},
    }
    # What accept() sent is judged apart from what close() sends.
    record["before_close"] = len(record["sent"])
    await ws.close()


async def _echo_text(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    await accepted(ws, record)
    async for text in ws.iter_text():
        await ws.send_text(text)


async def _echo_bytes(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    await accepted(ws, record)
    async for data in ws.iter_bytes():
        await ws.send_bytes(data)


async def _echo_json(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    await accepted(ws, record)
    async for document in ws.iter_json():
        await ws.send_json(document)


async def _close(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    await accepted(ws, record)
    await ws.send_text("closing")
    # What close() sends is judged apart from what came before it.
    record["before_close"] = len(record["sent"])
    await ws.close(code=4001, reason="server says bye")


async def _disconnect(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    await accepted(ws, record)
    try:
        await ws.receive_text()
    except binding.WebSocketDisconnect as exc:
        record["seen"] = [getattr(exc, "code", None), getattr(exc, "reason", None)]
    else:
        record["seen"] = "a message, not WebSocketDisconnect"


async def _refuse(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    await binding.WebSocket(scope, receive, send).close()


async def _deny(binding: Binding, scope: Scope, receive: Receive, send: Send, record: Record) -> None:
    ws = binding.WebSocket(scope, receive, send)
    try:
        await ws.send_denial_response(_teapot)
    except RuntimeError as exc:
        record["seen"] = f"RuntimeError after sending {len(record['sent'])} messages: {exc}"
        # Without the extension the handshake is then refused the ordinary way, so that the
        # client is not left waiting. Whether close() may follow is not LIVE-5's (DENY-3 names
        # the raise and the silence alone): if it raises, the server refuses the handshake
        # when the route returns.
        with contextlib.suppress(Exception):
            await ws.close()
    else:
        record["seen"] = "sent"


TEAPOT_HEADERS: Final = [(b"content-type", b"text/plain"), (b"x-denied", b"yes"), (b"content-length", b"6")]
TEAPOT_BODY: Final = b"no tea"


async def _teapot(scope: Scope, receive: Receive, send: Send) -> None:
    """A bare ASGI denial response, no framework's response class (DENY-2): 418, ``TEAPOT_*``."""
    await send({"type": "websocket.http.response.start", "status": 418, "headers": TEAPOT_HEADERS})
    await send({"type": "websocket.http.response.body", "body": TEAPOT_BODY})


ROUTES: Final[dict[str, Route]] = {
    HANDSHAKE: _handshake,
    "/echo/text": _echo_text,
    "/echo/bytes": _echo_bytes,
    "/echo/json": _echo_json,
    "/close": _close,
    "/disconnect": _disconnect,
    "/refuse": _refuse,
    "/deny": _deny,
}
"""The app's routes by path; each ends by leaving its findings in the record."""
