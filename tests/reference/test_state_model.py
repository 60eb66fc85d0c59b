"""Random interleavings of API calls and peer messages, each step checked against ``tests/state_model.py``.

The peer never blocks the test: its ``receive`` hands over a scripted message, or, when it has
none, suspends the coroutine, which the test then cancels (RECV-10) or resumes after a message
arrives (RECV-8). So each call is driven by hand with ``coro.send``, without an event loop.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable, Coroutine, Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from conformance.peer import make_scope
from tests.state_model import STATE_NAMES, Connection, Message, Outcome
from wsproto_api.reference import WebSocket, WebSocketDisconnect, WebSocketDisconnected, WebSocketState

SEQUENCES = 500
STEPS = 30
MACHINE_SETTINGS = settings(
    max_examples=SEQUENCES,
    stateful_step_count=STEPS,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class ModelMismatch(AssertionError):
    """The connection did something the model of SPEC.md does not allow."""


class PeerFailure(Exception):
    """A peer error that is not an ``OSError`` (STATE-15 lets it propagate unchanged)."""


# -- the peer -----------------------------------------------------------------------------


class Waiting:
    """What the peer's receive awaits while it holds no message: one suspension of the coroutine."""

    def __await__(self) -> Generator[Waiting, None, None]:
        yield self


WAITING = Waiting()


class Peer:
    """The server side: scripted incoming messages, recorded outgoing ones."""

    def __init__(self) -> None:
        self.incoming: list[Message] = []
        self.sent: list[Message] = []
        self.receive_calls = 0
        self.send_error: BaseException | None = None

    async def receive(self) -> Message:
        self.receive_calls += 1
        while not self.incoming:
            await WAITING
        return self.incoming.pop(0)

    async def send(self, message: Message) -> None:
        self.sent.append(message)
        if self.send_error is not None:
            raise self.send_error


@dataclass
class Finished:
    value: object = None
    error: BaseException | None = None


def advance(coro: Coroutine[Any, Any, Any], throw: BaseException | None = None) -> Finished | None:
    """Run ``coro`` until it ends (its result) or waits on the peer (None)."""
    try:
        waited_on = coro.throw(throw) if throw is not None else coro.send(None)
    except StopIteration as stop:
        return Finished(value=stop.value)
    except (Exception, asyncio.CancelledError) as error:
        return Finished(error=error)
    if waited_on is not WAITING:
        coro.close()
        raise ModelMismatch(f"the call awaited {waited_on!r}, not the peer")
    return None


# -- what the steps are made of -----------------------------------------------------------

JSON_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=5)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | JSON_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(JSON_TEXT, children, max_size=3),
    max_leaves=6,
)


def _circular() -> list[object]:
    loop: list[object] = []
    loop.append(loop)
    return loop


# JSON-11 and JSON-12: leaves json cannot encode (TypeError) and values no JSON parser reads (ValueError).
UNENCODABLE: list[tuple[Callable[[], object], type[BaseException]]] = [
    (object, TypeError),
    (lambda: {1, 2}, TypeError),
    (lambda: b"bytes", TypeError),
    (lambda: {(1, 2): "tuple key"}, TypeError),
    (lambda: 1j, TypeError),
    (lambda: math.nan, ValueError),
    (lambda: math.inf, ValueError),
    (lambda: -math.inf, ValueError),
    (_circular, ValueError),
]


@st.composite
def json_data(draw: st.DrawFn) -> tuple[object, type[BaseException] | None]:
    """A value for send_json, and the error JSON-11 or JSON-12 says it raises (None for a valid one)."""
    if draw(st.integers(0, 2)):
        return draw(JSON_VALUES), None
    make, error = draw(st.sampled_from(UNENCODABLE))
    wrap = draw(st.sampled_from(["alone", "list", "dict"]))
    leaf = make()
    return (leaf if wrap == "alone" else [1, leaf] if wrap == "list" else {"k": leaf}), error


def _fresh(make: Callable[[], Message]) -> st.SearchStrategy[Message]:
    """A new message object on every draw, so identity checks mean something."""
    return st.builds(make)


def _receive_text(text: str) -> Message:
    return {"type": "websocket.receive", "text": text}


def _receive_bytes(data: bytes) -> Message:
    return {"type": "websocket.receive", "bytes": data}


def _disconnect(code: int, reason: str | None, with_reason: bool) -> Message:
    message: Message = {"type": "websocket.disconnect", "code": code}
    if with_reason:
        message["reason"] = reason
    return message


ORDINARY_INCOMING = st.one_of(
    st.text(max_size=6).map(_receive_text),
    st.binary(max_size=6).map(_receive_bytes),
    JSON_VALUES.map(lambda value: _receive_text(json.dumps(value))),
    JSON_VALUES.map(lambda value: _receive_bytes(json.dumps(value, ensure_ascii=False).encode("utf-8"))),
)
NOT_JSON = st.one_of(
    st.sampled_from(["{", "", "[1,", "nul", "'x'", "{}x"]).map(_receive_text),
    st.sampled_from([b"\xff", b"\xc3(", b'"\xed\xa0\x80"', b"{"]).map(_receive_bytes),
)
DISCONNECTS = st.builds(
    _disconnect,
    st.sampled_from([1000, 1001, 1005, 1006, 4000]),
    st.sampled_from([None, "", "bye"]),
    st.booleans(),
)
UNUSUAL_INCOMING = st.one_of(
    _fresh(lambda: {"type": "websocket.connect"}),
    _fresh(lambda: {"type": "websocket.receive"}),
    _fresh(lambda: {"type": "websocket.receive", "text": None, "bytes": b"1"}),
    _fresh(lambda: {"type": "websocket.receive", "text": "1", "bytes": None}),
    _fresh(lambda: {"type": "websocket.send", "text": "wrong way"}),
    _fresh(lambda: {"type": "http.request"}),
    _fresh(lambda: {"text": "no type"}),
)
INCOMING = st.one_of(ORDINARY_INCOMING, NOT_JSON, DISCONNECTS, UNUSUAL_INCOMING)

RAW_OUTGOING = st.one_of(
    _fresh(lambda: {"type": "websocket.accept"}),
    _fresh(lambda: {"type": "websocket.accept", "subprotocol": None, "headers": []}),
    _fresh(lambda: {"type": "websocket.send", "text": "raw"}),
    _fresh(lambda: {"type": "websocket.send", "bytes": b"raw"}),
    _fresh(lambda: {"type": "websocket.close", "code": 1000}),
    _fresh(lambda: {"type": "websocket.close", "code": 4000, "reason": "raw"}),
    _fresh(lambda: {"type": "websocket.http.response.start", "status": 403, "headers": []}),
    _fresh(lambda: {"type": "websocket.http.response.body", "body": b"no"}),
    _fresh(lambda: {"type": "websocket.http.response.body", "body": b"n", "more_body": True}),
    _fresh(lambda: {"type": "websocket.http.response.body", "body": b"o", "more_body": False}),
    _fresh(lambda: {"type": "websocket.connect"}),
    _fresh(lambda: {"type": "websocket.bogus"}),
    _fresh(lambda: {"type": 5}),
    _fresh(lambda: {"text": "no type"}),
)

START = {"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-length", b"2")]}
DENIAL_APPS: dict[str, list[Message]] = {
    "start and body": [START, {"type": "websocket.http.response.body", "body": b"no"}],
    "start, more body, body": [
        START,
        {"type": "websocket.http.response.body", "body": b"n", "more_body": True},
        {"type": "websocket.http.response.body", "body": b"o"},
    ],
    "start only": [START],
    "nothing": [],
    "close": [{"type": "websocket.close", "code": 1000, "reason": ""}],
    "body first": [{"type": "websocket.http.response.body", "body": b"no"}],
}

OMIT = "<omitted>"
DENIAL = {"websocket.http.response": {}}
# Mostly a mode JSON-5 allows, sometimes one it refuses.
MODES = st.sampled_from([OMIT, "text", "binary", OMIT, "text", "binary", "bytes", None])
ODD_TEXT = st.one_of(st.binary(max_size=3), st.none(), st.integers(), st.builds(bytearray))
ODD_BYTES = st.one_of(
    st.text(max_size=3), st.none(), st.builds(bytearray), st.binary(max_size=2).map(lambda data: memoryview(data))
)
DATA_RECEIVERS = st.sampled_from(["receive_text", "receive_bytes", "receive_json"])
RECEIVERS = st.sampled_from(["receive", "receive_text", "receive_bytes", "receive_json"])
# CLOSE-14 counts UTF-8 bytes: the most of each character that fits in 123 bytes, and one more.
FITTING = {"a": 123, "\u00e9": 61, "\u20ac": 41, "\U0001f600": 30}
REASON_TEXT = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=8),
    st.builds(
        lambda char, extra: char * (FITTING[char] + extra), st.sampled_from(sorted(FITTING)), st.sampled_from([0, 1])
    ),
)
CLOSE_CODES = st.one_of(
    st.sampled_from([1000, 1001, 1003, 1004, 1005, 1006, 1007, 1014, 1015, 1016, 2999, 3000, 4999, 5000, 0, -1]),
    st.integers(min_value=900, max_value=5100),
    st.sampled_from([True, 1000.0, "1000", None]),
)
GOOD_HEADERS = st.lists(st.sampled_from([(b"x-ok", b"1"), (b"set-cookie", b"a=b; Path=/")]), max_size=2)
HEADERS = st.lists(
    st.sampled_from(
        [
            (b"x-ok", b"1"),
            [b"x-list", b"a list pair"],
            (b"set-cookie", b"a=b; Path=/"),
            (b"Sec-WebSocket-Protocol", b"chat"),
            (b"sec-websocket-protocol", b"superchat"),
            (b"bad name", b"v"),
            (b"", b"v"),
            (b"x-crlf", b"a\r\nx-injected: 1"),
            (b"x-nul", b"a\x00"),
            (b"x-str", "text"),
            ("x-str-name", b"v"),
            (b"x-one",),
            b"x-not-a-pair",
        ]
    ),
    max_size=3,
)


def _same_message(expected: Message, actual: object, same_object: bool) -> bool:
    if same_object:
        return actual is expected
    if not isinstance(actual, dict):
        return False
    if expected.get("type") == "websocket.accept":
        headers = actual.get("headers")
        if not isinstance(headers, list | tuple):
            return False
        # ACCEPT-3 fixes the pairs and their order, not the container; ACCEPT-1 fixes [] for none.
        return (
            actual.keys() == expected.keys()
            and (actual["subprotocol"] is expected["subprotocol"] or actual["subprotocol"] == expected["subprotocol"])
            and [tuple(pair) for pair in headers] == expected["headers"]
        )
    return actual == expected and all(type(actual[key]) is type(value) for key, value in expected.items())


def _same_value(expected: object, actual: object) -> bool:
    # repr tells 1, 1.0 and True apart, and NaN equals itself.
    return type(actual) is type(expected) and repr(actual) == repr(expected)


@dataclass
class Observed:
    error: BaseException | None
    value: object
    sent: list[Message]
    awaited: int
    taken: int
    client: str
    app: str
    app_called: bool | None = None


def mismatch(outcome: Outcome, seen: Observed) -> str | None:
    """Why ``seen`` is not ``outcome``, or None when it is."""
    if outcome.raises:
        if seen.error is None or not isinstance(seen.error, tuple(outcome.raises)):
            return f"raises one of {sorted(c.__name__ for c in outcome.raises)}"
        if outcome.error_check is not None and not outcome.error_check(seen.error):
            return f"raises with {outcome.error_text}"
    elif seen.error is not None:
        return "returns"
    if len(seen.sent) != len(outcome.sent) or not all(
        _same_message(want, got, outcome.same_objects) for want, got in zip(outcome.sent, seen.sent, strict=True)
    ):
        return f"sends {list(outcome.sent)!r}" + (" (the same objects)" if outcome.same_objects else "")
    if (seen.awaited, seen.taken) != (outcome.awaited, outcome.taken):
        return f"awaits receive {outcome.awaited} time(s) and takes {outcome.taken} message(s)"
    if (seen.client, seen.app) != (outcome.client, outcome.app):
        return f"leaves client_state {outcome.client} and application_state {outcome.app}"
    if outcome.app_called is not None and seen.app_called != outcome.app_called:
        return "calls the denial application" if outcome.app_called else "does not call the denial application"
    if not outcome.raises:
        if outcome.value_is_message:
            if seen.value is not outcome.value:
                return f"returns the very message {outcome.value!r}"
        elif not _same_value(outcome.value, seen.value):
            return f"returns {outcome.value!r}"
    return None


# -- the machine --------------------------------------------------------------------------


class ConnectionMachine(RuleBasedStateMachine):
    """Drives one ``WebSocket`` and checks every step against the model."""

    websocket_class: ClassVar[type[WebSocket]] = WebSocket
    sequences: ClassVar[int] = 0
    steps: ClassVar[int] = 0

    def __init__(self) -> None:
        super().__init__()
        self.peer = Peer()
        self.model = Connection(offered=(), denial=False)
        self.ws: WebSocket | None = None

    @initialize(
        subprotocols=st.sampled_from([OMIT, [], ["chat", "superchat"]]),
        # Half the scopes offer the denial extension, so DENY-9 runs as often as DENY-3 and DENY-6.
        extensions=st.sampled_from([OMIT, None, {}, DENIAL, DENIAL, DENIAL]),
        opening=st.sampled_from(["nothing", "connect", "connect received", "accepted", "accepted"]),
    )
    def build(self, subprotocols: object, extensions: object, opening: str) -> None:
        extra: dict[str, Any] = {}
        if subprotocols is not OMIT:
            extra["subprotocols"] = subprotocols
        if extensions is not OMIT:
            extra["extensions"] = extensions
        self.ws = self.websocket_class(make_scope(**extra), self.peer.receive, self.peer.send)
        self.model = Connection(
            offered=tuple(subprotocols) if isinstance(subprotocols, list) else (),
            denial=isinstance(extensions, dict) and "websocket.http.response" in extensions,
        )
        if opening != "nothing":
            # As a server does: the client's websocket.connect is there before the application asks.
            self.peer_delivers({"type": "websocket.connect"})
        if opening == "connect received":
            self.check("receive()", self.conn.receive, self.model.receive("receive"))
        if opening == "accepted":
            # Half the steps of a sequence that starts accepted exercise the open connection.
            self.check("accept()", self.conn.accept, self.model.accept(None, None))

    @property
    def conn(self) -> WebSocket:
        assert self.ws is not None
        return self.ws

    def teardown(self) -> None:
        type(self).sequences += 1

    # -- checking ---------------------------------------------------------------------

    def observe(self, before: tuple[int, int, int], finished: Finished, app_called: bool | None = None) -> Observed:
        calls, queued, sent = before
        return Observed(
            error=finished.error,
            value=finished.value,
            sent=self.peer.sent[sent:],
            awaited=self.peer.receive_calls - calls,
            taken=queued - len(self.peer.incoming),
            client=self.conn.client_state.name,
            app=self.conn.application_state.name,
            app_called=app_called,
        )

    def mark(self) -> tuple[int, int, int]:
        return self.peer.receive_calls, len(self.peer.incoming), len(self.peer.sent)

    def run(self, coro: Coroutine[Any, Any, Any]) -> Finished:
        finished = advance(coro)
        if finished is None:
            finished = advance(coro, asyncio.CancelledError())
            if finished is None:
                coro.close()
                raise ModelMismatch("the call still waits after being cancelled")
        return finished

    def settle(self, call: str, outcomes: Sequence[Outcome], seen: Observed) -> None:
        type(self).steps += 1
        reasons = [mismatch(outcome, seen) for outcome in outcomes]
        for outcome, reason in zip(outcomes, reasons, strict=True):
            if reason is None:
                self.model.adopt(outcome)
                return
        allowed = "; or ".join(f"[{o.why}] {r}" for o, r in zip(outcomes, reasons, strict=True))
        raise ModelMismatch(
            f"{call} with client_state {self.model.client}, application_state {self.model.app}: "
            f"raised {seen.error!r}, returned {seen.value!r}, sent {seen.sent!r}, awaited receive "
            f"{seen.awaited} time(s), took {seen.taken}, left {seen.client}/{seen.app}. "
            f"SPEC.md wants: {allowed}"
        )

    def check(self, call: str, make: Callable[[], Coroutine[Any, Any, Any]], outcomes: Sequence[Outcome]) -> None:
        before = self.mark()
        self.settle(call, outcomes, self.observe(before, self.run(make())))

    @invariant()
    def states_match_the_model(self) -> None:
        if self.ws is None:
            return
        client, app = self.ws.client_state, self.ws.application_state
        assert client.name in STATE_NAMES, client
        assert app.name in STATE_NAMES, app
        # The receiving table never leads to RESPONSE.
        assert client.name != "RESPONSE"
        assert (client.name, app.name) == (self.model.client, self.model.app)
        assert len(self.peer.incoming) == len(self.model.incoming)
        assert all(a is b for a, b in zip(self.peer.incoming, self.model.incoming, strict=True))

    # -- the peer ---------------------------------------------------------------------

    @rule(message=INCOMING)
    def peer_delivers(self, message: Message) -> None:
        self.peer.incoming.append(message)
        self.model.incoming.append(message)

    @rule(error=st.sampled_from(["OSError", "PeerFailure", None, None]))
    def peer_send_breaks_or_heals(self, error: str | None) -> None:
        raised: BaseException | None = (
            OSError("connection reset") if error == "OSError" else PeerFailure("peer broke") if error else None
        )
        self.peer.send_error = raised
        self.model.send_error = raised

    # -- the application --------------------------------------------------------------

    @rule(
        subprotocol=st.one_of(
            st.sampled_from([OMIT, None, "chat"]), st.sampled_from(["superchat", "other", "", 5, b"chat"])
        ),
        headers=st.one_of(st.sampled_from([OMIT, None]), GOOD_HEADERS, HEADERS),
        container=st.sampled_from(["list", "tuple", "iterator"]),
    )
    def accept(self, subprotocol: object, headers: object, container: str) -> None:
        kwargs: dict[str, object] = {}
        if subprotocol is not OMIT:
            kwargs["subprotocol"] = subprotocol
        header_list: list[object] | None = None
        if isinstance(headers, list):
            header_list = headers
            given: Iterable[object] = (
                list(headers) if container == "list" else tuple(headers) if container == "tuple" else iter(headers)
            )
            kwargs["headers"] = given
        elif headers is None:
            kwargs["headers"] = None
        outcomes = self.model.accept(None if subprotocol is OMIT else subprotocol, header_list)
        self.check(f"accept(**{kwargs!r})", lambda: self.conn.accept(**kwargs), outcomes)  # type: ignore[arg-type]

    @rule(data=st.one_of(st.text(max_size=6), ODD_TEXT))
    def send_text(self, data: object) -> None:
        self.check(f"send_text({data!r})", lambda: self.conn.send_text(data), self.model.send_text(data))  # type: ignore[arg-type]

    @rule(data=st.one_of(st.binary(max_size=6), ODD_BYTES))
    def send_bytes(self, data: object) -> None:
        self.check(f"send_bytes({data!r})", lambda: self.conn.send_bytes(data), self.model.send_bytes(data))  # type: ignore[arg-type]

    @rule(data=json_data(), mode=MODES)
    def send_json(self, data: tuple[object, type[BaseException] | None], mode: object) -> None:
        value, error = data
        kwargs = {} if mode is OMIT else {"mode": mode}
        outcomes = self.model.send_json(value, error, "text" if mode is OMIT else mode)
        self.check(f"send_json({value!r}, **{kwargs!r})", lambda: self.conn.send_json(value, **kwargs), outcomes)  # type: ignore[arg-type]

    @rule(method=RECEIVERS, mode=MODES)
    def receive(self, method: str, mode: object) -> None:
        kwargs = {"mode": mode} if method == "receive_json" and mode is not OMIT else {}
        outcomes = self.model.receive(method, kwargs.get("mode", "text"))
        self.check(f"{method}(**{kwargs!r})", lambda: getattr(self.conn, method)(**kwargs), outcomes)

    @rule(message=INCOMING, method=DATA_RECEIVERS, mode=MODES)
    def peer_delivers_and_app_receives(self, message: Message, method: str, mode: object) -> None:
        # The commonest exchange, as one step, so that sequences reach deep into receiving.
        self.peer_delivers(message)
        self.receive(method, mode)

    @precondition(lambda self: self.ws is not None and not self.model.incoming)
    @rule(first=RECEIVERS, second=RECEIVERS, mode=MODES, message=INCOMING)
    def receive_concurrently(self, first: str, second: str, mode: object, message: Message) -> None:
        """RECV-8: a second receive while the first waits is refused, and the first gets the message."""
        first_kwargs = {"mode": mode} if first == "receive_json" and mode is not OMIT else {}
        second_kwargs = {"mode": mode} if second == "receive_json" and mode is not OMIT else {}
        call = f"{first}(**{first_kwargs!r}) then, while it waits, {second}(**{second_kwargs!r})"
        mode = "text" if mode is OMIT else mode
        outcomes = self.model.receive(first, mode)
        before = self.mark()
        coro = getattr(self.conn, first)(**first_kwargs)
        finished = advance(coro)
        if finished is not None:
            # The first call did not wait, so there is nothing to be concurrent with.
            self.settle(call, outcomes, self.observe(before, finished))
            return
        if not any(outcome.awaited for outcome in outcomes):
            coro.close()
            raise ModelMismatch(f"{call}: the first call waited on the peer; SPEC.md wants it refused")
        during = self.mark()
        second_coro = getattr(self.conn, second)(**second_kwargs)
        refused = advance(second_coro)
        if refused is None:
            second_coro.close()
            coro.close()
            raise ModelMismatch(f"{call}: the second call waited on the peer too (RECV-8)")
        seen = self.observe(during, refused)
        stay = Outcome(client=self.model.client, app=self.model.app, raises=frozenset({RuntimeError}), why="RECV-8")
        self.settle(call, [stay], seen)
        self.peer_delivers(message)
        # The first call has awaited the peer's receive once already; now it takes the message.
        resumed = (before[0], len(self.peer.incoming), before[2])
        finished = advance(coro)
        if finished is None:
            coro.close()
            raise ModelMismatch(f"{call}: the first call still waits after a message arrived (RECV-8)")
        self.settle(call, self.model.receive(first, mode), self.observe(resumed, finished))

    @rule(message=RAW_OUTGOING)
    def send(self, message: Message) -> None:
        self.check(f"send({message!r})", lambda: self.conn.send(message), self.model.send(message))

    @rule(
        code=st.one_of(st.just(OMIT), CLOSE_CODES),
        reason=st.one_of(st.just(OMIT), st.none(), REASON_TEXT, st.sampled_from([b"bytes", 5, "\ud800", "bye \udc80"])),
    )
    def close(self, code: object, reason: object) -> None:
        kwargs = {name: value for name, value in (("code", code), ("reason", reason)) if value is not OMIT}
        outcomes = self.model.close(1000 if code is OMIT else code, None if reason is OMIT else reason)
        self.check(f"close(**{kwargs!r})", lambda: self.conn.close(**kwargs), outcomes)  # type: ignore[arg-type]

    @rule(app=st.sampled_from(sorted(DENIAL_APPS)))
    def send_denial_response(self, app: str) -> None:
        messages = [dict(message) for message in DENIAL_APPS[app]]
        scopes: list[object] = []

        async def denial(scope: object, receive: object, send: Callable[[Message], Coroutine[Any, Any, None]]) -> None:
            scopes.append(scope)
            for message in messages:
                await send(message)

        outcomes = self.model.send_denial_response(messages)
        before = self.mark()
        finished = self.run(self.conn.send_denial_response(denial))  # type: ignore[arg-type]
        if scopes and scopes[0] is not self.conn.scope:
            raise ModelMismatch("the denial application was not given the connection's scope (DENY-9)")
        self.settle(f"send_denial_response({app})", outcomes, self.observe(before, finished, app_called=bool(scopes)))


# -- the runs -----------------------------------------------------------------------------


@pytest.mark.clause(
    "ACCEPT-1", "ACCEPT-2", "ACCEPT-5", "ACCEPT-6", "ACCEPT-7", "ACCEPT-8", "ACCEPT-9",
    "SEND-1", "SEND-2", "SEND-3", "SEND-4", "SEND-5",
    "RECV-1", "RECV-2", "RECV-3", "RECV-4", "RECV-5", "RECV-6", "RECV-10", "RECV-8",
    "JSON-8", "JSON-10", "JSON-3", "JSON-4", "JSON-5", "JSON-12", "JSON-7",
    "CLOSE-1", "CLOSE-2", "CLOSE-10", "CLOSE-4", "CLOSE-11", "CLOSE-14",
    "RAW-1", "RAW-2", "STATE-9", "RAW-4",
    "STATE-1", "STATE-2", "STATE-10", "STATE-12", "STATE-11", "STATE-6", "STATE-14",
    "DENY-9", "DENY-3", "DENY-5", "DENY-6",
)  # fmt: skip
def test_reference_follows_the_model() -> None:
    class Reference(ConnectionMachine):
        sequences = 0
        steps = 0

    run_state_machine_as_test(Reference, settings=MACHINE_SETTINGS)
    assert Reference.sequences >= 200
    assert Reference.steps >= 10 * Reference.sequences


# -- the model catches broken connections -------------------------------------------------


class CloseKeepsState(WebSocket):
    """close() sends websocket.close but leaves application_state where it was."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        state = self.application_state
        await super().close(code, reason)
        self.application_state = state


class TextOfBytesIsNone(WebSocket):
    """receive_text() returns None for a binary message, as Starlette 1.10 does (RECV-6)."""

    async def receive_text(self) -> str:
        if self.application_state is not WebSocketState.CONNECTED:
            raise WebSocketDisconnected("not connected")
        message = await self.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message["code"], message.get("reason"))
        text: str = message.get("text")  # type: ignore[assignment]
        return text


class OSErrorEscapes(WebSocket):
    """An OSError from the peer's send propagates while CONNECTED, instead of becoming 1006 (STATE-14)."""

    async def send(self, message: Message) -> None:
        try:
            await super().send(message)
        except WebSocketDisconnect as exc:
            if isinstance(exc.__cause__, OSError):
                raise exc.__cause__ from None
            raise


class JsonKeepsSpaces(WebSocket):
    """send_json() uses json.dumps' default separators (JSON-9)."""

    async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
        if mode == "text":
            await self.send({"type": "websocket.send", "text": json.dumps(data, ensure_ascii=False, allow_nan=False)})
        else:
            await super().send_json(data, mode)


class ReasonCountsCharacters(WebSocket):
    """close() measures the reason in characters rather than UTF-8 bytes (CLOSE-14)."""

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        if isinstance(reason, str) and len(reason) <= 123 < len(reason.encode("utf-8")):
            await self.send({"type": "websocket.close", "code": code, "reason": reason})
        else:
            await super().close(code, reason)


@pytest.mark.parametrize(
    "broken", [CloseKeepsState, TextOfBytesIsNone, OSErrorEscapes, JsonKeepsSpaces, ReasonCountsCharacters]
)
def test_model_catches_a_broken_connection(broken: type[WebSocket]) -> None:
    class Broken(ConnectionMachine):
        websocket_class = broken

    quick = settings(MACHINE_SETTINGS, max_examples=200, phases=[Phase.generate], report_multiple_bugs=False)
    with pytest.raises(ModelMismatch):
        run_state_machine_as_test(Broken, settings=quick)
