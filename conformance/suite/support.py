"""Helpers shared by several suite modules.

Arrangements (``arrange``, ``connected``, ``accepted``): the steps that bring a connection to
the situation a test judges; when one fails, the test is blocked by that step's clause. An
``accept()`` arranged so must have received ``websocket.connect`` from the peer. ``built``
is for a test whose rule is about the scope itself: building from it is judged, not arranged.
Features (``require``): a test that takes a route through a feature besides its clause's.
Refusals (``refusal``, ``Refusal``): one test judged for its clause and for ERR-1 and ERR-2.

Routes (for STATE, DENY and RAW): ways to bring a new connection to a given pair of
(client_state, application_state) through the public API only: ``receive()``, ``send()``,
``accept()``, ``close()`` and ``send_denial_response()``. Each state is reached by several
routes, so that a binding cannot pass by special-casing one history.

``outcome()`` (for HDR and QP): a call's result or the exception it raised, so that a failure
message shows either as what was seen.
"""

from __future__ import annotations

import copy
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any, Final, Literal, cast

import pytest

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.outcomes import ABSENT, BLOCKED
from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, ScriptExhausted, disconnect, make_scope, text
from conformance.plugin import cancelled_by_the_binding, skip_of_the_binding
from conformance.spec import current_spec
from wsproto_api.asgi import Message, Receive, Scope, Send

Mention = str | tuple[str, ...] | re.Pattern[str]
"""What a refusal's message must mention: a word, one of several words, or a pattern to match."""

START: Message = {"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]}
"""The ``websocket.http.response.start`` message the routes and denial apps send."""

BODY_CHUNK: Message = {"type": "websocket.http.response.body", "body": b"go ", "more_body": True}
"""A denial response body chunk with more to come."""

BODY_END: Message = {"type": "websocket.http.response.body", "body": b"away"}
"""The last denial response body chunk (no ``more_body``)."""

OUTGOING_TEXT: Message = {"type": "websocket.send", "text": "hello"}
"""A ``websocket.send`` message sent raw on an accepted connection."""

RAW_CLOSE: Message = {"type": "websocket.close", "code": 1000, "reason": ""}
"""A ``websocket.close`` message sent raw."""


def require(binding: Binding, *needed: str) -> None:
    """Leave the test unrun, as absent, unless ``binding`` has every feature ``needed``.

    A test whose clause belongs to a feature is gated by the suite already; this is for a test
    that also takes a route through another feature (a state reached by a denial response).
    """
    spec = current_spec()
    for feature in needed:
        reason = features.absence(binding, spec.features[feature])
        if reason:
            pytest.skip(ABSENT + features.say_absent(reason))


@contextmanager
def arrange(clause_id: str, what: str = "") -> Generator[None]:
    """Run an arrangement step: a call that brings the connection to the situation under test.

    The step's own rule is ``clause_id``'s. When the step raises, the test is ``blocked`` by
    that clause instead of failing its own: its clause is not what went wrong. So it is when
    the binding raises one of pytest's outcomes in the step, a skip that would read as absent,
    and when it cancels the task that called it.
    """
    try:
        yield
    except BaseException as error:
        said = f" ({what})" if what else ""
        if not isinstance(error, Exception):
            if not skip_of_the_binding(error) and not cancelled_by_the_binding(error):
                raise
            # A skip the binding raised, or a cancellation of the test's task it made, ends the
            # step as an error would, not as the suite's outcome.
            pytest.skip(f"{BLOCKED}{clause_id}{said}: the implementation raised {type(error).__name__}: {error}")
        signature = features.blocking_signature(error, current_spec().clauses[clause_id])
        if signature is not None:
            # The callable never ran: the step failed on how it is called, its signature clause's
            # rule, unless the step's own rule names the parameter (CONN-2's receive and send).
            clause_id, said = signature, f"{said} (the call does not fit its signature)"
        pytest.skip(f"{BLOCKED}{clause_id}{said}: {type(error).__name__}: {error}")


ITERATORS: Final[dict[str, Callable[[wsproto_api.WebSocket], AsyncIterator[Any]]]] = {
    "iter_text": lambda ws: ws.iter_text(),
    "iter_bytes": lambda ws: ws.iter_bytes(),
    "iter_json": lambda ws: ws.iter_json(),
}
"""The connection's iterators, by name."""


def has_iterator(ws: wsproto_api.WebSocket, name: str) -> bool:
    """Whether the connection has the iterator ``name``.

    A test of another clause's rule inside a loop over that iterator has nothing to judge
    without one: the iterator's absence is ITER-1's failure, not a step of that test.
    """
    try:
        getattr(ws, name)
    except AttributeError as error:
        if features.missing_member(error) is None:
            raise
        return False
    return True


async def iterate_to_the_disconnect(peer: Peer, ws: wsproto_api.WebSocket, name: str, items: int) -> None:
    """Arrange ``async for`` over the iterator ``name`` to its end at the peer's ``websocket.disconnect``.

    The peer's script holds ``items`` data messages before the disconnect. That the loop
    yields them and ends there, without raising, is ITER-2's rule: when it does anything else,
    the test is blocked by ITER-2 (by ITER-1's when there is no such iterator). The disconnect
    that ends the loop is received as surely as one a receiving call raised for.
    """
    what = f"async for over {name}() meeting websocket.disconnect"
    yielded: list[Any] = []
    with arrange("ITER-2", what):
        try:
            async for item in ITERATORS[name](ws):
                yielded.append(item)
        except Exception as error:
            block_if_missing(error)
            raise
    if len(yielded) != items or peer.receive_calls != items + 1:
        got = (
            f"yielded {len(yielded)} item(s) and received {peer.receive_calls} message(s), not {items} and {items + 1}"
        )
        pytest.skip(f"{BLOCKED}ITER-2 ({what}): it did not end at the disconnect: it {got}")


def step_gave(seen: object, wanted: object, clause_id: str, what: str) -> None:
    """Block the test by ``clause_id`` unless the arrangement step ``what`` gave ``wanted``.

    ``seen`` is what the step gave, compared by :func:`expect.same`, so a value of the
    binding's that claims to equal anything does not pass for what the step was to bring.
    """
    if not expect.same(seen, wanted):
        pytest.skip(f"{BLOCKED}{clause_id}: {what} gave {expect.shown(seen)}, not {expect.shown(wanted)}")


def connected(
    binding: Binding, *incoming: Message, scope: Scope | None = None, block_when_empty: bool = False
) -> tuple[Peer, wsproto_api.WebSocket]:
    """A new connection, built as an arrangement step (CONN-1).

    A binding that builds a connection over the scope with an empty ``query_string``, but not
    with this one's, breaks the rule of :func:`query_clause`: the test is blocked by it.
    """
    try:
        return binding.connect(*incoming, scope=scope, block_when_empty=block_when_empty)
    except Exception:
        with arrange(query_clause(binding, scope) or "CONN-1", "building the connection"):
            raise


def built(
    binding: Binding, *incoming: Message, scope: Scope, block_when_empty: bool = False
) -> tuple[Peer, wsproto_api.WebSocket]:
    """A new connection over ``scope``, for a test whose rule is about what this scope holds.

    Building from a particular scope (one without ``query_string``, a non-ASCII path, a
    ``client``) is part of what such a rule names, so an error there fails the test. It
    blocks the test by CONN-1 only when a connection over a plain scope cannot be built
    either: then nothing was learned about this scope; and by CONN-15 when the scope's
    ``query_string`` is not UTF-8 and the same scope without it builds, since CONN-15 has
    such a connection built (:func:`query_clause`).
    """
    try:
        return binding.connect(*incoming, scope=scope, block_when_empty=block_when_empty)
    except Exception:
        connected(binding)
        if query_clause(binding, scope) == "CONN-15":
            with arrange("CONN-15", "building over a query_string that is not UTF-8"):
                raise
        raise


def query_clause(binding: Binding, scope: Scope | None) -> str | None:
    """The clause that has a connection built over ``scope``'s ``query_string``, where only that stops the building.

    A ``query_string`` that is missing or ``None`` is an empty one (QP-5); bytes that are not
    UTF-8 are malformed for ``url`` alone (CONN-15). Either is the reason a binding does not
    build over ``scope`` when it builds over the same scope with an empty ``query_string``.
    """
    if scope is None:
        return None
    query = scope.get("query_string")
    if query is None:
        clause = "QP-5"
    elif isinstance(query, bytes) and not _is_utf8(query):
        clause = "CONN-15"
    else:
        return None
    try:
        binding.connect(scope={**scope, "query_string": b""})
    except Exception:
        return None
    return clause


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def accepted(
    binding: Binding, *incoming: Message, scope: Scope | None = None, block_when_empty: bool = False
) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection accepted by ``accept()`` as an arrangement step (ACCEPT-1), its peer's record cleared.

    ``incoming`` is what the peer delivers after ``websocket.connect``.
    """
    peer, ws = connected(binding, CONNECT, *incoming, scope=scope, block_when_empty=block_when_empty)
    await accept(peer, ws)
    peer.forget()
    return peer, ws


def check_connect_taken(peer: Peer, what: str) -> None:
    """Fail when ``peer`` has not handed out ``websocket.connect``: ``what`` (an ``accept()``) left it unreceived.

    ACCEPT-1 has ``accept()`` receive ``websocket.connect`` first; one that does not leaves it
    for the next receive, which would get the handshake's message instead of the client's.
    """
    if not peer.has_received(CONNECT["type"]):
        raise AssertionError(f"{what} returned without receiving websocket.connect from the peer")


async def client_leaves(
    binding: Binding,
    ws: wsproto_api.WebSocket,
    method: Literal["receive_text", "receive_bytes", "receive_json"] = "receive_text",
) -> None:
    """``receive_text()`` (or another ``method`` RECV-3 names) of the client's ``websocket.disconnect``, an arrangement.

    The client has left and the application has not closed: the connection is where a core
    test reaches "the client left" without the ``raw`` feature's ``receive()``.
    """
    with arrange("RECV-3", f"{method}() of websocket.disconnect"):
        try:
            await getattr(ws, method)()
        except binding.WebSocketDisconnect:
            return
        raise AssertionError(f"{method}() of websocket.disconnect did not raise WebSocketDisconnect")


async def still_sends(
    ws: wsproto_api.WebSocket,
    peer: Peer,
    alike: Callable[[], Awaitable[tuple[Peer, wsproto_api.WebSocket]]],
    after: str,
) -> None:
    """Fail unless ``ws`` still sends a text message after ``after``, which should have left it as it was.

    ``send_text()`` is only the means: it must first send one ``websocket.send`` on a
    connection that ``alike`` brings where ``ws`` was before ``after``, else the test is
    blocked by SEND-1, whose rule that is; what the message holds is SEND-1's either way.
    ``peer``'s record must be clear.
    """
    other_peer, other = await alike()
    brought = f"send_text() where {after} was made"
    with arrange("SEND-1", brought):
        await other.send_text("sending")
    sent = [message.get("type") for message in other_peer.sent]
    step_gave(sent, ["websocket.send"], "SEND-1", f"{brought}: the types sent")
    await ws.send_text("still open")
    expect.sent_types(peer, ["websocket.send"], f"types of the messages sent by send_text() after {after}")


async def still_accepts(
    binding: Binding, route: Route, peer: Peer, ws: wsproto_api.WebSocket, what: str, *then: Message
) -> None:
    """Fail unless ``accept()`` now sends ``websocket.accept``: ``what`` left the connection as it was.

    Where it does not, ``accept()`` on a new connection along ``route`` (its peer holding
    ``then``) tells whether it works there at all: if not, the test is blocked by ACCEPT-1 (a
    new connection) or ACCEPT-2 (``websocket.connect`` received), whose rule that is.
    """
    # accept() receives websocket.connect unless it was received already (ACCEPT-1, ACCEPT-2).
    receives = 1 if route.client == "CONNECTING" else 0
    before = peer.receive_calls
    try:
        await ws.accept()
        expect.sent_types(peer, ["websocket.accept"], f"message types sent by accept() after {what}")
        expect.equal(peer.receive_calls - before, receives, f"messages received by accept() after {what}")
    except Exception:
        clause = "ACCEPT-1" if route.client == "CONNECTING" else "ACCEPT-2"
        alike = f"accept() after {route.name}, on a new connection"
        other_peer, other = await reach(binding, route, *then)
        other_before = other_peer.receive_calls
        with sending(other_peer, clause, alike, "websocket.accept"):
            await other.accept()
        step_gave(other_peer.receive_calls - other_before, receives, clause, f"{alike}: the messages it received")
        raise


def block_if_missing(error: BaseException, clause_id: str | None = None) -> None:
    """Block the test when ``error`` is the lookup of a member the binding lacks: that member's clause failed.

    Where ``clause_id``'s rule names the member, the member's absence fails that clause (a
    feature the binding has is judged whole): the test fails, saying the call cannot be made.
    """
    missing = features.missing_member(error)
    if missing is None:
        return
    if clause_id is not None and missing in current_spec().clauses[clause_id].names:
        raise AssertionError(f"the call cannot be made, the binding has no {missing}: {error}") from error
    if missing in features.DEFINING_CLAUSE:
        pytest.skip(f"{BLOCKED}{features.DEFINING_CLAUSE[missing]} (the binding has no {missing}): {error}")


# -- refusals: one test, judged for its clause's rule and for ERR-1 and ERR-2 --------------------


@dataclass(frozen=True)
class Refusal:
    """How a refusal test judges the call it expects to be refused.

    A MUST clause's refusal is judged three ways. For the clause itself (``rule``) the call
    must raise (any ``Exception``), and the test goes on to check that nothing was sent or
    received. For ERR-1 (``class``) the error's class, for ERR-2 (``words``) the words its
    message holds; either ends the test there (:class:`expect.Judged`), and is blocked by the
    clause when the call did not raise at all. A SHOULD clause names the class and words in
    its own rule, so its refusal is judged once (``whole``): the class, the words, and what
    the test checks next.
    """

    clause: str
    aspect: Literal["rule", "class", "words", "whole"]

    @contextmanager
    def raises(
        self,
        *types: type[BaseException],
        what: str,
        mentioning: Sequence[Mention] = (),
        peer: Peer | None = None,
        receives: int = 0,
    ) -> Generator[None]:
        """Expect the block to be refused: see the class's description for what is judged.

        Each item of ``mentioning`` is a word the message must contain, or a tuple of words
        of which it must contain one, for a call that breaks the rule in more than one way
        (a connection built without either channel, whichever one its message names), or a
        pattern the message must match (a number standing alone, not inside a larger one).

        With ``peer``, an error is judged for ERR-1 and ERR-2 only where the call was a
        refusal: it sent nothing and took at most ``receives`` messages from ``peer``, as the
        clause's own test then checks. An error raised by a call that went on (received a
        message, then raised for it) says nothing of how the binding refuses, and the test is
        blocked by the clause.
        """
        before = (peer.receive_calls, len(peer.sent)) if peer is not None else None

        def went_on() -> str:
            if peer is None or before is None:
                return ""
            received, sent = peer.receive_calls - before[0], len(peer.sent) - before[1]
            if received <= receives and sent == 0:
                return ""
            return f"it received {received} message(s) and sent {sent} before it raised"

        try:
            yield
        except ScriptExhausted:
            if self.aspect in ("class", "words"):
                # The call went on to receive past what the peer had: it was not refused.
                pytest.skip(f"{BLOCKED}{self.clause}: {what} was not refused: it went on to receive")
            raise
        except AttributeError as error:
            if error.name is None or error.obj is None:  # raised by the binding, not by a lookup
                self._judge(error, types, what, mentioning, went_on())
                return
            # The call could not be made at all: there is no refusal to judge. A member the
            # rule names fails it (a feature the binding has is judged whole); any other
            # member's own clause is what failed.
            named = error.name in current_spec().clauses[self.clause].names
            blocker = self.clause if named else features.DEFINING_CLAUSE.get(error.name, self.clause)
            if blocker == self.clause and self.aspect in ("rule", "whole"):
                raise AssertionError(f"{what}: the call cannot be made: {error}") from error
            pytest.skip(f"{BLOCKED}{blocker}: {what} cannot be made: {error}")
        except Exception as error:
            signature = features.blocking_signature(error, current_spec().clauses[self.clause])
            if signature is not None:
                # The callable never ran, so it refused nothing: its signature is what failed.
                pytest.skip(f"{BLOCKED}{signature}: {what} cannot be made: {error}")
            self._judge(error, types, what, mentioning, went_on())
            return
        if self.aspect in ("rule", "whole"):
            raise AssertionError(f"{what}: expected the call to be refused (to raise), nothing was raised")
        pytest.skip(f"{BLOCKED}{self.clause}: {what} was not refused, so its error cannot be judged")

    def _judge(
        self,
        error: Exception,
        types: tuple[type[BaseException], ...],
        what: str,
        mentioning: Sequence[Mention],
        went_on: str,
    ) -> None:
        if went_on and self.aspect in ("class", "words"):
            pytest.skip(f"{BLOCKED}{self.clause}: {what} was not refused: {went_on}")
        if self.aspect in ("class", "whole") and not caught_by(error, types):
            names = " or ".join(t.__name__ for t in types)
            if isinstance(error, types):
                registered = f"only registered with {names}, so that `except {names}:` does not catch it"
                seen = f"{type(error).__module__}.{type(error).__qualname__}"
                raise AssertionError(f"{what}: expected {names}, saw {seen}, {registered}")
            raise AssertionError(f"{what}: expected {names}, saw {type(error).__name__}: {error}")
        if self.aspect in ("words", "whole"):
            said = str(error)
            missing = [_shown_mention(mention) for mention in mentioning if not _mentioned(mention, said)]
            if missing:
                raise AssertionError(f"{what}: expected an error whose message mentions {missing!r}, saw {error!r}")
        if self.aspect in ("class", "words"):
            raise expect.Judged


def _mentioned(mention: Mention, said: str) -> bool:
    """Whether the error message ``said`` mentions ``mention``."""
    if isinstance(mention, re.Pattern):
        return mention.search(said) is not None
    return any(word in said for word in ((mention,) if isinstance(mention, str) else mention))


def _shown_mention(mention: Mention) -> str:
    """``mention`` as a failure message shows it."""
    if isinstance(mention, re.Pattern):
        return f"/{mention.pattern}/"
    return mention if isinstance(mention, str) else " or ".join(mention)


def caught_by(error: BaseException, types: Sequence[type[BaseException]]) -> bool:
    """Whether ``except types:`` catches ``error``: by its class's own bases.

    ``isinstance`` also counts the subclasses an abstract base class registered, which an
    ``except`` clause does not: an application catching the class would miss such an error.
    """
    return any(kind in type(error).__mro__ for kind in types)


def refusal(clause_id: str, *, words: bool = True) -> pytest.MarkDecorator:
    """Judge the decorated test, which takes a ``refusal`` argument, for ``clause_id``.

    A MUST clause's refusal is judged for ERR-1 (and ERR-2) too; ``words=False`` leaves ERR-2
    out, for a refusal whose clause names no words. A SHOULD clause's is judged whole.
    """
    if current_spec().clauses[clause_id].level != "MUST":
        whole = pytest.param(Refusal(clause_id, "whole"), marks=pytest.mark.clause(clause_id), id="refused")
        return pytest.mark.parametrize("refusal", [whole])
    refusing = pytest.mark.refusing(clause_id)
    params = [
        pytest.param(Refusal(clause_id, "rule"), marks=pytest.mark.clause(clause_id), id="refused"),
        pytest.param(Refusal(clause_id, "class"), marks=[pytest.mark.clause("ERR-1"), refusing], id="error-class"),
    ]
    if words:
        aspect = Refusal(clause_id, "words")
        params.append(pytest.param(aspect, marks=[pytest.mark.clause("ERR-2"), refusing], id="error-words"))
    return pytest.mark.parametrize("refusal", params)


def scope_with_denial() -> Scope:
    """A scope whose extensions allow a denial response."""
    return make_scope(extensions={"websocket.http.response": {}})


async def denial_app(scope: Scope, receive: Receive, send: Send) -> None:
    """An ASGI application that sends a whole denial response: ``START``, then ``BODY_END``."""
    await send(copy.deepcopy(START))
    await send(copy.deepcopy(BODY_END))


async def functions_run(binding: Binding) -> None:
    """An arrangement of DENY-2's, for a test that gives ``send_denial_response`` a plain async function.

    On a new connection, ``send_denial_response`` must run such a function. Where it does not,
    but runs an application object: the binding refuses the function for what it is, which
    DENY-2 (any ASGI application) forbids, and the test is blocked by it. Where it runs
    neither, denying at all fails, which is for the test's own step to show.
    """
    await _runs_as_the_other_kind(binding, as_object=False)


async def objects_run(binding: Binding) -> None:
    """An arrangement of DENY-2's, for a test that gives ``send_denial_response`` an application object.

    :func:`functions_run` the other way round: where an object is refused but a plain async
    function runs, the test is blocked by DENY-2.
    """
    await _runs_as_the_other_kind(binding, as_object=True)


async def _runs_as_the_other_kind(binding: Binding, *, as_object: bool) -> None:
    """Block the test by DENY-2 where only the other kind of application than ``as_object`` says runs."""
    if await _runs(binding, as_object=as_object) or not await _runs(binding, as_object=not as_object):
        return
    kind = {True: "an application object", False: "an async function"}
    with arrange("DENY-2", f"send_denial_response({kind[as_object]}) on a new connection"):
        raise RuntimeError(f"send_denial_response() runs {kind[not as_object]}, but not {kind[as_object]}")


class _RecordingApp:
    """:func:`denial_app` as an application object that records each call."""

    def __init__(self, called: list[Scope]) -> None:
        self.called = called

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.called.append(scope)
        await denial_app(scope, receive, send)


async def _runs(binding: Binding, *, as_object: bool) -> bool:
    """Whether ``send_denial_response`` on a new connection calls a plain function or an object (``as_object``)."""
    called: list[Scope] = []

    async def recording_app(scope: Scope, receive: Receive, send: Send) -> None:
        called.append(scope)
        await denial_app(scope, receive, send)

    _, ws = connected(binding, CONNECT, scope=scope_with_denial())
    # A refusal, or an error once the application ran: the calls tell them apart.
    with suppress(Exception):
        await ws.send_denial_response(_RecordingApp(called) if as_object else recording_app)
    return bool(called)


# -- routes to each pair of states ---------------------------------------------------------------

Steps = Callable[[Peer, wsproto_api.WebSocket], Awaitable[None]]
"""What a route does to a new connection, given its peer (whose record an arrangement may check)."""


@dataclass(frozen=True)
class Route:
    """A way to bring a new connection to a (client_state, application_state) pair.

    Every step is an arrangement (:func:`arrange`), so a route that fails blocks the test
    that took it, naming the step's clause. Nothing on a route reads the states: a test of
    the ``state`` feature reads them, every other test judges behaviour alone.
    """

    name: str
    """How the route got there, for test IDs and failure messages."""
    client: str
    """The client_state name the route ends in."""
    application: str
    """The application_state name the route ends in."""
    incoming: tuple[Message, ...]
    """What the steps receive, in order."""
    steps: Steps
    """What the route does to the connection."""
    needs: tuple[str, ...] = ()
    """The features the steps use besides the core."""
    gives_a_function: bool = False
    """Whether a step gives ``send_denial_response`` a plain async function (see :func:`functions_run`)."""


async def nothing(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """Leave the connection new."""


@contextmanager
def sending(peer: Peer, clause_id: str, what: str, *types: str) -> Generator[None]:
    """An arrangement step that must send messages of exactly ``types`` to ``peer``, else it blocks by ``clause_id``.

    A step that returns without sending what it is for (a ``close()`` that sends nothing, a
    raw ``send()`` that sends another message) leaves the connection elsewhere than the route
    says, so what follows would be judged in the wrong state.
    """
    before = len(peer.sent)
    with arrange(clause_id, what):
        yield
    sent = [message.get("type") for message in peer.sent[before:]]
    step_gave(sent, list(types), clause_id, f"{what}: the types sent")


async def receive(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()`` once (RAW-2), which must take one message from ``peer``."""
    before = peer.receive_calls
    with arrange("RAW-2", "receive()"):
        await ws.receive()
    if peer.receive_calls != before + 1:
        pytest.skip(f"{BLOCKED}RAW-2 (receive()): took {peer.receive_calls - before} messages, not one")


async def accept(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``accept()`` (ACCEPT-1), which must have received ``websocket.connect`` from ``peer`` and sent an accept."""
    with sending(peer, "ACCEPT-1", "accept()", "websocket.accept"):
        await ws.accept()
        check_connect_taken(peer, "accept()")


async def send_raw(peer: Peer, ws: wsproto_api.WebSocket, message: Message) -> None:
    """Send a copy of ``message`` raw (STATE-12), which must reach ``peer`` as that type of message."""
    with sending(peer, "STATE-12", f"send({message['type']})", message["type"]):
        await ws.send(copy.deepcopy(message))


async def raw_accept(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send the default ``websocket.accept`` raw."""
    await receive(peer, ws)
    await send_raw(peer, ws, DEFAULT_ACCEPT)


async def accept_and_exchange(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``accept()``, send ``OUTGOING_TEXT`` raw, then ``receive()``."""
    await accept(peer, ws)
    await send_raw(peer, ws, OUTGOING_TEXT)
    await receive(peer, ws)


async def accept_then_client_leaves(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``accept()``, then ``receive()`` (the client's ``websocket.disconnect``)."""
    await accept(peer, ws)
    await receive(peer, ws)


async def close_before_accept(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``close()`` before ``accept()`` (CLOSE-10): it sends ``websocket.close`` and takes no message."""
    before = peer.receive_calls
    with sending(peer, "CLOSE-10", "close() before accept()", "websocket.close"):
        await ws.close()
    step_gave(peer.receive_calls - before, 0, "CLOSE-10", "close() before accept(): the messages it received")


async def close(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``close()`` (CLOSE-1)."""
    with sending(peer, "CLOSE-1", "close()", "websocket.close"):
        await ws.close()


async def receive_then_close(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then ``close()``."""
    await receive(peer, ws)
    await close_before_accept(peer, ws)


async def accept_then_close(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``accept()``, then ``close()``."""
    await accept(peer, ws)
    await close(peer, ws)


async def raw_accept_then_raw_close(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """:func:`raw_accept`, then send ``RAW_CLOSE`` raw."""
    await raw_accept(peer, ws)
    await send_raw(peer, ws, RAW_CLOSE)


async def client_leaves_then_close(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """:func:`accept_then_client_leaves`, then ``close()`` (CLOSE-9)."""
    await accept_then_client_leaves(peer, ws)
    with arrange("CLOSE-9", "close() after the client left"):
        await ws.close()


async def start(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """Send ``START`` raw."""
    await send_raw(peer, ws, START)


async def deny(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``send_denial_response(denial_app)`` (DENY-9)."""
    with sending(peer, "DENY-9", "send_denial_response()", START["type"], BODY_END["type"]):
        await ws.send_denial_response(denial_app)


async def receive_then_start(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send ``START`` raw."""
    await receive(peer, ws)
    await send_raw(peer, ws, START)


async def receive_start_and_chunk(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send ``START`` and ``BODY_CHUNK`` raw."""
    await receive_then_start(peer, ws)
    await send_raw(peer, ws, BODY_CHUNK)


async def whole_response(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then send ``START``, ``BODY_CHUNK`` and ``BODY_END`` raw."""
    await receive_start_and_chunk(peer, ws)
    await send_raw(peer, ws, BODY_END)


async def receive_then_deny(peer: Peer, ws: wsproto_api.WebSocket) -> None:
    """``receive()``, then ``send_denial_response(denial_app)`` (DENY-9)."""
    await receive(peer, ws)
    await deny(peer, ws)


_RAW: Final = ("raw",)
_DENIAL: Final = ("raw", "denial")

DENIAL_MESSAGES: Final = "websocket.http.response."
"""What a denial response's message types start with: sending one is the ``denial`` feature's (SPEC.md, STATE)."""


def sending_needs(message: Message) -> tuple[str, ...]:
    """The features a test needs to send ``message`` raw and see it passed on: ``denial`` too for a response's.

    A binding without the denial feature does not support ASGI's denial-response extension,
    so whether it passes those messages on is not judged; its refusing them where the table
    lists them for no state it is in still is.
    """
    kind = message.get("type")
    return _DENIAL if isinstance(kind, str) and kind.startswith(DENIAL_MESSAGES) else _RAW


NEW = Route("new", "CONNECTING", "CONNECTING", (), nothing)
"""A new connection."""
RECEIVED_CONNECT = Route("receive()", "CONNECTED", "CONNECTING", (CONNECT,), receive, _RAW)
"""``websocket.connect`` received, nothing sent."""
ACCEPTED = Route("accept()", "CONNECTED", "CONNECTED", (CONNECT,), accept)
"""Accepted by ``accept()``."""
RAW_ACCEPTED = Route("receive()+send(accept)", "CONNECTED", "CONNECTED", (CONNECT,), raw_accept, _RAW)
"""Accepted by raw messages."""
EXCHANGED = Route(
    "accept()+send()+receive()", "CONNECTED", "CONNECTED", (CONNECT, text("hi")), accept_and_exchange, _RAW
)
"""Accepted, then a message each way."""
CLIENT_LEFT = Route(
    "accept()+receive(disconnect)",
    "DISCONNECTED",
    "CONNECTED",
    (CONNECT, disconnect(1001)),
    accept_then_client_leaves,
    _RAW,
)
"""Accepted, then the client disconnected."""
CLOSED_FIRST = Route("close()", "CONNECTING", "DISCONNECTED", (), close_before_accept)
"""Closed before anything was received."""
RECEIVED_THEN_CLOSED = Route("receive()+close()", "CONNECTED", "DISCONNECTED", (CONNECT,), receive_then_close, _RAW)
"""Closed after ``websocket.connect`` was received, without accepting."""
ACCEPTED_THEN_CLOSED = Route("accept()+close()", "CONNECTED", "DISCONNECTED", (CONNECT,), accept_then_close)
"""Accepted, then closed by the application."""
RAW_CLOSED = Route(
    "receive()+send(accept)+send(close)", "CONNECTED", "DISCONNECTED", (CONNECT,), raw_accept_then_raw_close, _RAW
)
"""Accepted, then closed, by raw messages."""
BOTH_CLOSED = Route(
    "accept()+receive(disconnect)+close()",
    "DISCONNECTED",
    "DISCONNECTED",
    (CONNECT, disconnect(1001)),
    client_leaves_then_close,
    _RAW,
)
"""Accepted, then disconnected by the client and closed by the application."""
STARTED = Route("receive()+send(response.start)", "CONNECTED", "RESPONSE", (CONNECT,), receive_then_start, _DENIAL)
"""A denial response started after ``websocket.connect`` was received."""
CHUNKED = Route(
    "receive()+send(response.start)+send(response.body more_body)",
    "CONNECTED",
    "RESPONSE",
    (CONNECT,),
    receive_start_and_chunk,
    _DENIAL,
)
"""A denial response started, with a body chunk sent and more to come."""
RESPONDED = Route(
    "receive()+send(response.start)+send(response.body)x2",
    "CONNECTED",
    "DISCONNECTED",
    (CONNECT,),
    whole_response,
    _DENIAL,
)
"""A whole denial response sent raw."""
DENIED = Route(
    "receive()+send_denial_response()",
    "CONNECTED",
    "DISCONNECTED",
    (CONNECT,),
    receive_then_deny,
    _DENIAL,
    gives_a_function=True,
)
"""A whole denial response sent by ``send_denial_response()``."""

ALL_ROUTES = [
    NEW,
    RECEIVED_CONNECT,
    ACCEPTED,
    RAW_ACCEPTED,
    EXCHANGED,
    CLIENT_LEFT,
    CLOSED_FIRST,
    RECEIVED_THEN_CLOSED,
    ACCEPTED_THEN_CLOSED,
    RAW_CLOSED,
    BOTH_CLOSED,
    STARTED,
    CHUNKED,
    RESPONDED,
    DENIED,
]
"""Every route, in the order tests take them."""


def routes(*, client: str | None = None, application: str | None = None) -> list[Route]:
    """The routes that end in ``client`` and ``application`` states (``None``: any)."""
    return [
        route for route in ALL_ROUTES if client in (None, route.client) and application in (None, route.application)
    ]


async def reach(binding: Binding, route: Route, *then: Message) -> tuple[Peer, wsproto_api.WebSocket]:
    """A connection brought along ``route``, whose peer will deliver ``then`` next.

    The test is left unrun as absent when the binding lacks a feature the route uses, and
    blocked when a step fails. The peer's record is cleared once the route is over, so that
    a test sees only what happens after it.
    """
    peer, ws = await _walk(binding, route, *then)
    peer.forget()
    return peer, ws


async def _walk(binding: Binding, route: Route, *then: Message) -> tuple[Peer, wsproto_api.WebSocket]:
    """:func:`reach`, with the peer's record of the route left in place."""
    require(binding, *route.needs)
    if route.gives_a_function:
        await functions_run(binding)
    peer, ws = connected(binding, *copy.deepcopy(route.incoming), *then, scope=scope_with_denial())
    await route.steps(peer, ws)
    return peer, ws


async def reach_closed(binding: Binding, route: Route) -> tuple[Peer, wsproto_api.WebSocket] | None:
    """:func:`reach`, for a test of what follows ``route``; ``None`` where the application sent no close on it.

    After the client left, whether ``close()`` sends ``websocket.close`` is not specified
    (CLOSE-9): where the route's ``close()`` sent nothing, the application has not closed as
    STATE-6 and SEND-4 say, and what it sends next is judged as on ``CLIENT_LEFT``; where it
    sent anything but that one close, the test is blocked by CLOSE-9.
    """
    if route is not BOTH_CLOSED:
        return await reach(binding, route)
    peer, ws = await _walk(binding, route)
    sent = [message.get("type") for message in peer.sent]
    if sent == ["websocket.accept"]:
        return None
    step_gave(sent, ["websocket.accept", "websocket.close"], "CLOSE-9", f"{route.name}: the types sent")
    peer.forget()
    return peer, ws


# -- observing ------------------------------------------------------------------------------------


def states(ws: wsproto_api.WebSocket) -> tuple[str, str]:
    """``(client_state, application_state)`` by name, to check that a refused call left both alone."""
    return ws.client_state.name, ws.application_state.name


def outcome(action: Callable[[str], object], argument: str) -> object:
    """``action(argument)``, or the exception it raised, so that an error reads as what was seen."""
    try:
        return action(argument)
    except Exception as error:
        return error


# -- lookups in headers and query parameters (HDR, QP) -------------------------------------------


Lookup = wsproto_api.Headers | wsproto_api.QueryParams
"""What HDR's and QP's lookups are made on."""


def part_of(ws: wsproto_api.WebSocket, name: str, clause: str | None) -> Any:
    """``ws.<name>``; a connection that has no such attribute blocks the test by ``clause`` (``None``: fails it).

    For a test whose clause does not name the attribute: its absence is ``clause``'s failure.
    """
    try:
        return getattr(ws, name)
    except AttributeError as error:
        if clause is None or error.name != name or error.obj is not ws:
            raise
        with arrange(clause, f"ws.{name}"):
            raise


def item_or_error(mapping: Lookup, key: str) -> object:
    """``mapping[key]``, or what it raised."""
    return outcome(lambda name: mapping[name], key)


def contains(mapping: Lookup, key: str) -> object:
    """``key in mapping``, or what it raised."""
    return outcome(lambda name: name in mapping, key)


def get(mapping: Lookup, key: str, *default: str) -> object:
    """``mapping.get(key[, default])``, or what it raised."""
    return outcome(lambda name: mapping.get(name, *default), key)


def value_of(mapping: Lookup, key: str, clause_id: str, label: str) -> object:
    """``mapping[key]``, or the ``KeyError`` it raised, for a clause that names no lookup.

    The lookup is ``clause_id``'s (HDR-9, QP-6): any other error blocks the test by it. A
    ``KeyError`` is what was seen: the key was not found.
    """
    with arrange(clause_id, f"{label}[{key!a}]"):
        try:
            return mapping[key]
        except KeyError as error:
            return error


def is_plain(value: object) -> bool:
    """Whether ``value`` compares as it is: a ``str``, ``bytes``, a mapping or anything not iterable."""
    return isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable)


def as_values(value: object) -> object:
    """``value`` as SPEC.md's conventions compare it: a sequence's items as a list, pairs as tuples.

    A ``str``, ``bytes``, a mapping or anything that is not iterable is left as it is.
    """
    if is_plain(value):
        return value
    items: list[object] = []
    for item in cast("Iterable[object]", value):
        items.append(tuple(cast("Iterable[object]", item)) if isinstance(item, (list, tuple)) else item)
    return items


def values_decoded_as_latin1(headers: Lookup, raw: Sequence[tuple[bytes, bytes]]) -> None:
    """Block the test by HDR-5 where a header value outside ASCII is found, but differs only outside ASCII.

    Such a value was found by its name and decoded otherwise than as latin-1, which is HDR-5's
    rule; a lookup that gives another header's value, or none, is another rule's business.
    Only names the scope holds once, in any case, are looked at, so that which value is found is
    not in question.
    """
    # Lookups ignore the case of ASCII letters (HDR-2): a name is held once when no other folds to it.
    names = [name.lower() for name, _ in raw]
    for name, value in raw:
        if value.isascii() or not name.isascii() or names.count(name.lower()) != 1:
            continue
        try:
            seen = cast(object, headers[name.decode("ascii")])
        except Exception:  # no value to read: the decoding cannot be told from this lookup
            continue
        wanted = value.decode("latin-1")
        if not isinstance(seen, str):
            continue
        text = str.__str__(seen)  # the text it holds, whatever a subclass says of itself
        if not expect.same(text, wanted) and _ascii_part(text) == _ascii_part(wanted):
            pytest.skip(f"{BLOCKED}HDR-5: headers[{name.decode('ascii')!r}] for the value {value!r} gave {text!a}")


def _ascii_part(text: str) -> str:
    """``text`` without its characters outside ASCII."""
    return "".join(char for char in text if char.isascii())
