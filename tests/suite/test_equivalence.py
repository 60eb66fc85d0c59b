"""A binding that sends any ASGI-equivalent form of a message passes what the reference passes.

SPEC.md's conventions define "sends M" by ASGI equivalence: keys that ASGI makes optional may
be left out or hold their default, a ``websocket.close`` ``reason`` of ``None`` is ``""``, a
``websocket.send`` may carry the other payload key as ``None``, and header pairs may be lists.
A suite that compared messages by their exact form would fail a conforming binding that
happens to write them differently. So each variant here is the reference with its typed
methods (``accept``, ``close``, ``send_text``, ``send_bytes``, ``send_json``) and its
``WebSocketClose`` sending one such form, and must pass every clause the reference passes.
Variants that send a message ASGI does not treat as the one asked for must still fail.

Only the messages the binding builds are reshaped. ``send(message)`` passes the caller's
message on as it is (RAW-1 wants the very object), and so do the denial response's messages
(DENY-9): a binding never builds a ``websocket.http.response.body`` of its own, so its
equivalent forms (``more_body`` left out or false) are the application's to choose.

Each variant is a binding module, ``tests.suite.test_equivalence.<name>``, built on import by a
meta-path finder, so the suite's child process loads it by name like any other binding.

Every variant here runs the reference's own code. ``tests.bindings.independent`` shares none of
it: a second implementation written from SPEC.md alone, right in other ways than the reference,
which must pass every clause too.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Final, Literal

import pytest

import wsproto_api.reference as reference
from conformance.config import RunConfig
from conformance.peer import CONNECT, Peer, make_scope
from conformance.runner import run_suite
from tests.submodules import importable_by_children, serve_submodules
from tests.suite.test_ablation import SPEC, TIME_LIMIT, baseline, describe, run, unjudged
from wsproto_api.asgi import Message, Receive, Scope, Send

Reshape = Callable[[Message], Message]
"""Rewrites one message the binding built into another form; returns it unchanged when it does not apply."""


def _of(kind: str, change: Reshape) -> Reshape:
    """``change``, applied to messages of type ``kind`` only."""

    def reshape(message: Message) -> Message:
        return change(message) if message["type"] == kind else message

    return reshape


def _without(key: str, default: object) -> Callable[[Message], Message]:
    """Leave ``key`` out where it holds ``default``: ASGI reads a missing key as its default."""

    def change(message: Message) -> Message:
        if key in message and message[key] == default and type(message[key]) is type(default):
            return {k: v for k, v in message.items() if k != key}
        return message

    return change


def _set(key: str, old: object, new: object) -> Callable[[Message], Message]:
    """Put ``new`` where ``key`` holds ``old``."""

    def change(message: Message) -> Message:
        return {**message, key: new} if message.get(key, _MISSING) == old else message

    return change


_MISSING: Final = object()


def _pairs_as_lists(message: Message) -> Message:
    if "headers" not in message:
        return message
    return {**message, "headers": [[name, value] for name, value in message["headers"]]}


def _other_payload_none(message: Message) -> Message:
    other = "bytes" if "text" in message else "text"
    return {**message, other: None}


def _both_payloads(message: Message) -> Message:
    if message.get("text") is not None:
        return {**message, "bytes": message["text"].encode()}
    return {**message, "text": message["bytes"].decode("latin-1")}


ACCEPT_BARE: Final = (
    _of("websocket.accept", _without("subprotocol", None)),
    _of("websocket.accept", _without("headers", [])),
)
CLOSE_BARE: Final = (
    _of("websocket.close", _without("code", 1000)),
    _of("websocket.close", _without("reason", "")),
)


@dataclass(frozen=True)
class Variant:
    """The reference, with the messages its typed methods and ``WebSocketClose`` build reshaped.

    ``fails`` is ``None`` for a form ASGI treats as the reference's, and otherwise a clause
    that the reshaped messages must fail.
    """

    name: str
    reshapes: tuple[Reshape, ...]
    fails: str | None = None

    @property
    def binding(self) -> str:
        """The variant's module path."""
        return f"{__name__}.{self.name}"

    def reshape(self, message: Message) -> Message:
        """``message`` in this variant's form."""
        for change in self.reshapes:
            message = change(message)
        return message


EQUIVALENT: Final = (
    Variant("accept_without_subprotocol", ACCEPT_BARE[:1]),
    Variant("accept_without_headers", ACCEPT_BARE[1:]),
    Variant("accept_pairs_as_lists", (_of("websocket.accept", _pairs_as_lists),)),
    Variant("close_without_code", CLOSE_BARE[:1]),
    Variant("close_without_reason", CLOSE_BARE[1:]),
    Variant("close_reason_none", (_of("websocket.close", _set("reason", "", None)),)),
    Variant("send_other_payload_none", (_of("websocket.send", _other_payload_none),)),
    Variant(
        "every_form_at_once",
        (
            *ACCEPT_BARE,
            *CLOSE_BARE,
            _of("websocket.accept", _pairs_as_lists),
            _of("websocket.send", _other_payload_none),
        ),
    ),
)
"""Each form the conventions allow alone, and all of them at once."""

NOT_EQUIVALENT: Final = (
    Variant("close_reason_x", (_of("websocket.close", _set("reason", "", "x")),), fails="CLOSE-1"),
    Variant("send_both_payloads", (_of("websocket.send", _both_payloads),), fails="SEND-1"),
    Variant("accept_subprotocol_empty", (_of("websocket.accept", _set("subprotocol", None, "")),), fails="ACCEPT-1"),
)
"""Forms ASGI does not treat as the message asked for: a reason that is not the empty one, a
``websocket.send`` with two payloads, and an empty subprotocol where none was chosen."""

_ALL: Final = {variant.name: variant for variant in (*EQUIVALENT, *NOT_EQUIVALENT)}


def _reshaping(send: Send | None, variant: Variant) -> Send | None:
    """The peer's ``send``, with each message reshaped on its way; ``None`` stays ``None`` (CONN-2)."""
    if send is None:
        return None

    async def reshaped(message: Message) -> None:
        await send(variant.reshape(message))

    return reshaped


def _connection_class(variant: Variant) -> type[reference.WebSocket]:
    """The reference ``WebSocket`` whose typed methods send ``variant``'s form.

    Each typed method runs the reference's own code with the peer's ``send`` swapped for one
    that reshapes, for the length of the call: validation and state are the reference's, and
    ``send(message)``, which no typed method wraps, passes messages on untouched.
    """

    class WebSocket(reference.WebSocket):
        __slots__ = ()

        async def _typed(self, call: Callable[[], Awaitable[None]]) -> None:
            peer_send = self._send
            self._send = _reshaping(peer_send, variant)
            try:
                await call()
            finally:
                self._send = peer_send

        async def accept(
            self, subprotocol: str | None = None, headers: Iterable[tuple[bytes, bytes]] | None = None
        ) -> None:
            await self._typed(lambda: super(WebSocket, self).accept(subprotocol, headers))

        async def close(self, code: int = 1000, reason: str | None = None) -> None:
            await self._typed(lambda: super(WebSocket, self).close(code, reason))

        async def send_text(self, data: str) -> None:
            await self._typed(lambda: super(WebSocket, self).send_text(data))

        async def send_bytes(self, data: bytes) -> None:
            await self._typed(lambda: super(WebSocket, self).send_bytes(data))

        async def send_json(self, data: object, mode: Literal["text", "binary"] = "text") -> None:
            await self._typed(lambda: super(WebSocket, self).send_json(data, mode))

    return WebSocket


def _close_class(variant: Variant) -> type[reference.WebSocketClose]:
    """The reference ``WebSocketClose``, sending ``variant``'s form of its ``websocket.close``."""

    class WebSocketClose(reference.WebSocketClose):
        __slots__ = ()

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            reshaped = _reshaping(send, variant)
            assert reshaped is not None
            await super().__call__(scope, receive, reshaped)

    return WebSocketClose


def build_module(module: types.ModuleType, variant: Variant) -> None:
    """Fill ``module`` as the variant's binding: the reference's exports, two of them reshaping."""
    module.__doc__ = f"The reference binding, sending messages as {variant.name}."
    module.__dict__.update({name: getattr(reference, name) for name in reference.__all__})
    replaced: dict[str, type] = {"WebSocket": _connection_class(variant), "WebSocketClose": _close_class(variant)}
    for cls in replaced.values():
        cls.__module__ = module.__name__
    module.__dict__.update(replaced)


serve_submodules(sys.modules[__name__], _ALL.__contains__, lambda module, name: build_module(module, _ALL[name]))


@pytest.fixture(autouse=True)
def _child_finds_variants(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite's child imports the variants by name, as submodules of this module."""
    importable_by_children(monkeypatch)


# -- the suite ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", EQUIVALENT, ids=lambda variant: variant.name)
def test_an_equivalent_form_passes_what_the_reference_passes(variant: Variant) -> None:
    report = run(variant.binding)
    passed = {outcome.id for outcome in baseline().clauses if outcome.outcome == "passed"}
    missing = unjudged(report)
    left_out = {outcome.id for outcome in report.by_outcome("not-judged")} - {outcome.id for outcome in missing}
    lost = [outcome for outcome in report.clauses if outcome.id in passed - left_out and outcome.outcome != "passed"]
    assert not lost, f"{variant.binding} sends messages ASGI treats as the reference's, yet:{describe(lost)}"
    assert not missing, f"{variant.binding} leaves clauses not judged:{describe(missing)}"
    assert not report.stopped, f"{variant.binding}: the run stopped: {report.stopped}"


@pytest.mark.parametrize("variant", NOT_EQUIVALENT, ids=lambda variant: variant.name)
def test_a_form_asgi_reads_otherwise_fails(variant: Variant) -> None:
    report = run(variant.binding)
    outcome = next(outcome for outcome in report.clauses if outcome.id == variant.fails)
    assert outcome.outcome == "failed", f"{variant.binding}: {variant.fails} is {outcome.outcome}, not failed"


INDEPENDENT: Final = "tests.bindings.independent"
"""A second implementation of the contract, written from SPEC.md alone and sharing no code with the reference."""


def test_an_independent_implementation_passes_every_clause() -> None:
    # The reference passes every clause on both backends (test_conformance_cli), so a clause
    # this binding does not pass is the suite failing a right implementation. It differs from
    # the reference most in its headers, query parameters and URL, which the generated-input
    # tests judge, so they run too: one run, on asyncio alone.
    report = run_suite(RunConfig(INDEPENDENT, ("asyncio",), time_limit=TIME_LIMIT)).report
    assert not report.stopped, f"{INDEPENDENT}: the run stopped: {report.stopped}"
    assert [outcome.id for outcome in report.clauses] == list(SPEC.runtime_clauses)
    lost = [outcome for outcome in report.clauses if outcome.outcome != "passed"]
    assert not lost, f"{INDEPENDENT} follows SPEC.md as the reference does, yet:{describe(lost)}"


# -- the variants send what they claim -------------------------------------------------------------

RAW: Final[Message] = {"type": "websocket.send", "text": "raw"}

REFERENCE_FORMS: Final[list[Message]] = [
    {"type": "websocket.accept", "subprotocol": None, "headers": []},
    {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-a", b"1")]},
    {"type": "websocket.send", "text": "t"},
    {"type": "websocket.send", "bytes": b"b"},
    {"type": "websocket.send", "text": '{"j":1}'},
    {"type": "websocket.send", "bytes": b"[1]"},
    RAW,
    {"type": "websocket.close", "code": 1000, "reason": ""},
    {"type": "websocket.close", "code": 1000, "reason": ""},
]
"""What the reference sends for the calls :func:`_sent` makes, in order."""


async def _sent(binding: str) -> list[Message]:
    """What ``binding`` sends for each typed method, ``send(RAW)`` and ``WebSocketClose()``, in order."""
    module = importlib.import_module(binding)
    peer = Peer(CONNECT, CONNECT)
    first = module.WebSocket(make_scope(), peer.receive, peer.send)
    await first.accept()
    second = module.WebSocket(make_scope(subprotocols=["chat"]), peer.receive, peer.send)
    await second.accept("chat", [(b"x-a", b"1")])
    await first.send_text("t")
    await first.send_bytes(b"b")
    await first.send_json({"j": 1})
    await first.send_json([1], mode="binary")
    await first.send(RAW)
    await first.close()
    await module.WebSocketClose()(make_scope(), peer.receive, peer.send)
    return peer.sent_objects


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
@pytest.mark.parametrize("variant", [*EQUIVALENT, *NOT_EQUIVALENT], ids=lambda variant: variant.name)
async def test_a_variant_reshapes_only_the_messages_it_builds(variant: Variant, anyio_backend: str) -> None:
    sent = await _sent(variant.binding)
    assert sent == [m if m is RAW else variant.reshape(m) for m in REFERENCE_FORMS]
    assert sent[REFERENCE_FORMS.index(RAW)] is RAW, "send(message) must pass the very object on (RAW-1)"
    assert sent != REFERENCE_FORMS, f"{variant.name} sends every message as the reference does"
