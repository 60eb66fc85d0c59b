"""CONN: construction and the mapping interface."""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Mapping, MutableMapping, MutableSequence, Sequence
from contextlib import contextmanager, suppress
from typing import Any, Final, cast
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.outcomes import BLOCKED
from conformance.peer import ASGI_SPEC_VERSION, CONNECT, Peer, disconnect, make_scope, text
from conformance.spec import current_spec
from conformance.suite import support
from conformance.suite.generated import GENERATED, cookie_headers, parse_cookies
from conformance.suite.support import as_values, part_of
from wsproto_api.asgi import Message, Scope

pytestmark = pytest.mark.anyio

_MISSING: Any = object()
"""A scope value that means "leave the key out"."""


def value_id(value: object) -> str:
    """A test ID and failure-message text for a scope value: ``missing`` for ``_MISSING``."""
    return "missing" if value is _MISSING else repr(value)


def names_key(error: BaseException, key: str) -> bool:
    """Whether the message names the scope key ``key`` as a word (``path``, not ``raw_path``)."""
    return re.search(rf"(?<!\w){key}(?!\w)", str(error)) is not None


@contextmanager
def reading(clause_id: str, what: str) -> Generator[None]:
    """Run a read that is a means to the test: an error blocks the test by ``clause_id``.

    A member the binding lacks blocks it by the clause that defines that member instead (a
    missing ``url`` by URL-1), whatever ``clause_id`` says about the member's value.
    """
    try:
        yield
    except Exception as error:
        support.block_if_missing(error)
        pytest.skip(f"{BLOCKED}{clause_id} ({what}): {type(error).__name__}: {error}")


class OwnScope(dict[str, Any]):
    """A scope of a server's own dict class: a dict all the same."""

    __slots__ = ()


# -- CONN-1 ------------------------------------------------------------------------------


Observation = tuple[list[object], list[object], str]
"""What a connection did over a scripted peer: each step's result, the messages sent, and ``str(ws.url)``."""

STEPS = ["accept()", "receive_text()", "send_text('back')"]
STEP_CLAUSES = ["ACCEPT-1", "RECV-1", "SEND-1"]


async def exchange(ws: wsproto_api.WebSocket, peer: Peer, *, baseline: bool = False) -> Observation:
    """Accept, receive a text message and send one; each step's result, or the error that ended the steps.

    For the ``baseline``, an ``accept()`` that leaves ``websocket.connect`` unreceived blocks the
    test by ACCEPT-1: ``receive_text()`` would be handed the handshake's message, not the client's.
    """
    results: list[object] = []
    try:
        await ws.accept()
        if baseline:
            with support.arrange("ACCEPT-1", "accept()"):
                support.check_connect_taken(peer, "accept()")
        results.append(None)
        results.append(await ws.receive_text())
        await ws.send_text("back")
        results.append(None)
    except Exception as error:  # an observation like any other: the comparison judges it
        step = len(results)
        signature = features.blocking_signature(error, current_spec().clauses[STEP_CLAUSES[step]])
        if baseline and signature is not None:
            # A step the binding's method cannot take as called: its signature clause is at fault.
            pytest.skip(f"{BLOCKED}{signature} ({STEPS[step]}, the call does not fit its signature): {error}")
        results.append(f"{type(error).__name__}: {error}")
    try:
        url = str(ws.url)
    except Exception as error:  # likewise
        url = f"{type(error).__name__}: {error}"
    return results, [expect.asgi_equivalent(message) for message in peer.sent], url


async def positional_baseline(binding: Binding) -> Observation:
    """The observation of a connection built by position; a step that fails blocks the test by its clause."""
    peer = Peer(CONNECT, text("hi"))
    ws = binding.WebSocket(make_scope(path="/chat"), peer.receive, peer.send)
    observed = await exchange(ws, peer, baseline=True)
    results = observed[0]
    for step, (result, wanted) in enumerate(zip(results, [None, "hi", None], strict=False)):
        support.step_gave(result, wanted, STEP_CLAUSES[step], STEPS[step])
    return observed


@pytest.mark.clause("CONN-1")
async def test_construction_by_position(binding: Binding) -> None:
    results, sent, _ = await positional_baseline(binding)
    # The channels are wired to the right parameters: receive reads, send writes.
    expect.equal(results[1], "hi", "receive_text() over the receive given by position")
    wanted = {"type": "websocket.send", "text": "back"}
    if sent and not expect.same(sent[-1], wanted):
        # accept() reached the send given by position, so the channel is wired: what
        # send_text('back') sent, or that it sent nothing, is SEND-1's to judge.
        pytest.skip(f"{BLOCKED}SEND-1: send_text('back') after accept() left {sent[-1]!r} last")
    expect.equal(sent[-1:], [wanted], "the last message sent by send_text('back')")


@pytest.mark.clause("CONN-1")
@pytest.mark.parametrize("style", ["keyword", "keyword-reversed", "mixed"])
async def test_construction_by_keyword(binding: Binding, style: str) -> None:
    baseline = await positional_baseline(binding)
    scope = make_scope(path="/chat")
    peer = Peer(CONNECT, text("hi"))
    if style == "keyword":
        ws = binding.WebSocket(scope=scope, receive=peer.receive, send=peer.send)
    elif style == "keyword-reversed":
        ws = binding.WebSocket(send=peer.send, receive=peer.receive, scope=scope)
    else:
        ws = binding.WebSocket(scope, receive=peer.receive, send=peer.send)
    observed = await exchange(ws, peer)
    what = f"a connection built {style}"
    expect.equal(observed[0], baseline[0], f"{', '.join(STEPS)} on {what}, as on one built by position")
    expect.equal(observed[1], baseline[1], f"messages sent by {what}, as by one built by position")
    expect.equal(observed[2], baseline[2], f"str(ws.url) of {what}, as of one built by position")


# -- CONN-2 ------------------------------------------------------------------------------

# Each refusal test is judged for CONN-2 and for ERR-1 and ERR-2; building without channels is
# CONN-2's own rule, so in the ERR aspects a binding that cannot do it is blocked by CONN-2.
# A binding that cannot build a connection with both channels either is blocked by CONN-1:
# the missing channels are not what failed. And a method is refused only where it "would
# await" the missing callable: each refusal test first has the method await it on an ordinary
# connection, and is blocked by the clause that says it does when it does not.


def build_without_channels(
    binding: Binding, scope: Scope, refusal: support.Refusal | None = None, **channels: Any
) -> wsproto_api.WebSocket:
    """``binding.WebSocket(scope, **channels)``, failing CONN-2 (or blocked by it) if the call raises."""
    given_text = ", ".join(["scope", *(f"{name}=..." for name in channels)])
    try:
        return binding.WebSocket(scope, **channels)
    except Exception as error:  # any refusal is the failure CONN-2 is about
        support.connected(binding)
        if refusal is not None and refusal.aspect != "rule":
            with support.arrange("CONN-2", f"WebSocket({given_text})"):
                raise
        raise AssertionError(
            f"WebSocket({given_text}): expected a connection (receive and send default to None), "
            f"saw {type(error).__name__}: {error}"
        ) from error


async def check_accept_awaits_both(binding: Binding) -> None:
    """Block the test by ACCEPT-1 unless ``accept()`` receives ``websocket.connect`` and sends the accept."""
    peer, ws = support.connected(binding, CONNECT)
    await support.accept(peer, ws)


async def check_receive_awaits_receive(binding: Binding) -> None:
    """Block the test by RAW-2 unless ``receive()`` takes one message from the peer's ``receive``."""
    peer, ws = support.connected(binding, CONNECT)
    await support.receive(peer, ws)


async def check_close_sends(binding: Binding) -> None:
    """Block the test by CLOSE-10 unless ``close(1008)`` before ``accept()`` sends ``websocket.close``."""
    peer, ws = support.connected(binding)
    with support.sending(peer, "CLOSE-10", "close(1008) before accept()", "websocket.close"):
        await ws.close(1008)


async def check_send_sends(binding: Binding, message: Message) -> None:
    """Block the test by STATE-12 unless ``send(message)`` before ``accept()`` passes it to the peer."""
    peer, ws = support.connected(binding)
    await support.send_raw(peer, ws, message)


CONN2_SCOPE: Scope = make_scope(
    path="/chat",
    query_string=b"a=1",
    headers=[(b"host", b"example.org"), (b"x-k", b"v")],
    path_params={"room": "lobby"},
)


READS: dict[str, tuple[str, Callable[[wsproto_api.WebSocket], object]]] = {
    "str(ws.url)": ("URL-2", lambda ws: str(ws.url)),
    "ws.headers['x-k']": ("HDR-9", lambda ws: ws.headers["x-k"]),
    "ws.query_params['a']": ("QP-6", lambda ws: ws.query_params["a"]),
    "ws.path_params": ("PATH-1", lambda ws: dict(ws.path_params)),
}
"""The core reads of the scope, each with the clause that says what it gives."""


def check_reads_normally(binding: Binding, ws: wsproto_api.WebSocket, what: str) -> None:
    """Each core read over ``CONN2_SCOPE`` gives what it gives on a connection built with both channels.

    A read that fails on that connection too blocks the test by its own clause: it is not
    the missing channels that broke it.
    """
    _, normal = support.connected(binding, scope=dict(CONN2_SCOPE))
    for read, (clause_id, action) in READS.items():
        with reading(clause_id, f"{read} of a connection built with both channels"):
            wanted = action(normal)
        expect.equal(action(ws), wanted, f"{read} of {what}, as of a connection built with both channels")


@pytest.mark.clause("CONN-2")
def test_without_channels_the_scope_reads_normally(binding: Binding) -> None:
    ws = build_without_channels(binding, dict(CONN2_SCOPE))
    check_reads_normally(binding, ws, "WebSocket(scope)")


@pytest.mark.clause("CONN-2")
@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((None, None), {}), ((), {"receive": None, "send": None}), ((None,), {}), ((), {"send": None})],
    ids=["positional", "keyword", "receive-only-positional", "send-only-keyword"],
)
def test_receive_and_send_accept_none(binding: Binding, args: tuple[None, ...], kwargs: dict[str, None]) -> None:
    call = f"WebSocket(scope, *{args!r}, **{kwargs!r})"
    try:
        ws = binding.WebSocket(dict(CONN2_SCOPE), *args, **kwargs)
    except Exception as error:  # any refusal is the failure CONN-2 is about
        support.connected(binding)
        raise AssertionError(f"{call}: expected a connection, saw {type(error).__name__}: {error}") from error
    check_reads_normally(binding, ws, call)


@support.refusal("CONN-2")
@pytest.mark.parametrize("with_send", [True, False], ids=["send-given", "nothing-given"])
async def test_accept_without_a_receive_callable_is_refused(
    binding: Binding, refusal: support.Refusal, with_send: bool
) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, dict(CONN2_SCOPE), refusal, **({"send": peer.send} if with_send else {}))
    await check_accept_awaits_both(binding)
    # Without either channel, accept() would await both: naming either one names a missing callable.
    missing = "receive" if with_send else ("receive", "send")
    with refusal.raises(RuntimeError, what="accept() without a receive callable", mentioning=[missing], peer=peer):
        await ws.accept()
    # accept() must receive websocket.connect before it sends the accept.
    expect.sent(peer, [], "messages sent by the refused accept()")
    check_reads_normally(binding, ws, "the connection after the refused accept()")


@support.refusal("CONN-2")
@pytest.mark.parametrize("with_send", [True, False], ids=["send-given", "nothing-given"])
async def test_receive_without_a_receive_callable_is_refused(
    binding: Binding, refusal: support.Refusal, with_send: bool
) -> None:
    support.require(binding, "raw")
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), refusal, **({"send": peer.send} if with_send else {}))
    await check_receive_awaits_receive(binding)
    with refusal.raises(RuntimeError, what="receive() without a receive callable", mentioning=["receive"], peer=peer):
        await ws.receive()
    expect.sent(peer, [], "messages sent by the refused receive()")
    expect.equal(peer.receive_calls, 0, "calls to the peer's receive")


@support.refusal("CONN-2")
async def test_accept_without_a_send_callable_is_refused(binding: Binding, refusal: support.Refusal) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, dict(CONN2_SCOPE), refusal, receive=peer.receive)
    await check_accept_awaits_both(binding)
    with refusal.raises(
        RuntimeError, what="accept() without a send callable", mentioning=["send"], peer=peer, receives=1
    ):
        await ws.accept()
    # Whether accept() received websocket.connect before it found no send is not specified.
    check_reads_normally(binding, ws, "the connection after the refused accept()")


@support.refusal("CONN-2")
@pytest.mark.parametrize("with_receive", [True, False], ids=["receive-given", "nothing-given"])
async def test_close_without_a_send_callable_is_refused(
    binding: Binding, refusal: support.Refusal, with_receive: bool
) -> None:
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), refusal, **({"receive": peer.receive} if with_receive else {}))
    await check_close_sends(binding)
    with refusal.raises(
        RuntimeError, what="close(1008) before accept() without a send callable", mentioning=["send"], peer=peer
    ):
        await ws.close(1008)
    expect.equal(peer.receive_calls, 0, "calls to the peer's receive")


@support.refusal("CONN-2")
@pytest.mark.parametrize("with_receive", [True, False], ids=["receive-given", "nothing-given"])
async def test_send_without_a_send_callable_is_refused(
    binding: Binding, refusal: support.Refusal, with_receive: bool
) -> None:
    support.require(binding, "raw")
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), refusal, **({"receive": peer.receive} if with_receive else {}))
    # websocket.accept: whether a websocket.close sent before websocket.connect was received is
    # refused is not specified (SPEC.md, STATE), so that refusal would have a second reason.
    message = {"type": "websocket.accept"}
    await check_send_sends(binding, message)
    with refusal.raises(
        RuntimeError, what="send(websocket.accept) without a send callable", mentioning=["send"], peer=peer
    ):
        await ws.send(message)
    expect.equal(peer.receive_calls, 0, "calls to the peer's receive")


@pytest.mark.clause("CONN-2")
async def test_close_with_only_a_send_callable_sends(binding: Binding) -> None:
    # close() before accept() awaits send alone (CLOSE-10): a missing receive is no reason to refuse it.
    await check_close_sends(binding)
    peer = Peer()
    ws = build_without_channels(binding, make_scope(), send=peer.send)
    what = "close(1008) before accept() on a connection built without a receive callable"
    try:
        await ws.close(1008)
    except Exception as error:  # refused: what the rule allows only for a method that awaits receive
        raise AssertionError(
            f"{what}: expected it to send websocket.close, saw {type(error).__name__}: {error}"
        ) from error
    expect.sent(peer, [{"type": "websocket.close", "code": 1008}], f"messages sent by {what}")


@pytest.mark.clause("CONN-2")
async def test_receive_with_only_a_receive_callable_receives(binding: Binding) -> None:
    # receive() awaits receive alone (RAW-2): a missing send is no reason to refuse it.
    support.require(binding, "raw")
    await check_receive_awaits_receive(binding)
    peer = Peer(CONNECT)
    ws = build_without_channels(binding, make_scope(), receive=peer.receive)
    what = "receive() on a connection built without a send callable"
    try:
        await ws.receive()
    except Exception as error:  # likewise, for a method that awaits send
        raise AssertionError(f"{what}: expected it to receive, saw {type(error).__name__}: {error}") from error
    # What it returns is RAW-2's: CONN-2 asks only that it is not refused.
    expect.equal(peer.receive_calls, 1, f"calls to the peer's receive by {what}")
    expect.sent(peer, [], f"messages sent by {what}")


# -- CONN-3 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-3")
async def test_scope_is_the_same_object(binding: Binding) -> None:
    scope = make_scope()
    peer, ws = support.connected(binding, CONNECT, scope=scope)
    expect.true(ws.scope is scope, "ws.scope to be the scope passed in (not a copy)", ws.scope)
    scope["custom"] = 1
    expect.equal(ws.scope.get("custom"), 1, "ws.scope['custom'] after setting it in the scope")
    await support.accept(peer, ws)
    expect.true(ws.scope is scope, "ws.scope to stay the scope passed in after accept()", ws.scope)
    # A scope of a dict subclass is a dict, and the object passed in all the same.
    own = OwnScope(make_scope())
    with support.arrange("CONN-1", "building a connection over a scope of a dict subclass"):
        other = binding.connect(scope=own)[1]
    seen = cast(object, other.scope)
    expect.true(seen is own, "ws.scope to be the scope of a dict subclass passed in (not a copy)", seen)


# -- CONN-4 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize(
    ("key", "expected"),
    [("path", "/room/1"), ("type", "websocket"), ("query_string", b"x=1"), ("custom", {"k": "v"})],
)
def test_item_is_scope_item(binding: Binding, key: str, expected: object) -> None:
    _, ws = support.built(binding, scope=make_scope(path="/room/1", query_string=b"x=1", custom={"k": "v"}))
    expect.equal(ws[key], expected, f"ws[{key!r}]")


@pytest.mark.clause("CONN-4")
def test_item_is_the_scope_value_itself_and_follows_the_scope(binding: Binding) -> None:
    value = {"k": "v"}
    # Values that are None or empty are values: the scope holds their keys.
    scope = make_scope(custom=value, nothing=None, blank="")
    _, ws = support.built(binding, scope=scope)
    expect.true(ws["custom"] is value, "ws['custom'] to be the scope's object", ws["custom"])
    nothing = support.outcome(lambda key: ws[key], "nothing")
    expect.true(nothing is None, "ws['nothing'] to be the scope's None", nothing)
    expect.equal(support.outcome(lambda key: ws[key], "blank"), "", "ws['blank'], the scope's ''")
    scope["later"] = "x"
    scope["custom"] = "changed"
    expect.equal(ws["later"], "x", "ws['later'] after adding it to the scope")
    expect.equal(ws["custom"], "changed", "ws['custom'] after changing it in the scope")


OPTIONAL_KEYS = ("scheme", "root_path", "query_string", "subprotocols", "http_version", "server", "client", "state")
"""Keys ASGI lets a websocket scope leave out, most with a default: a scope that lacks one lacks it."""


def without_optional_keys() -> Scope:
    """A scope with only the keys ASGI requires of a websocket scope."""
    scope = make_scope(scheme=None, server=None)
    for key in OPTIONAL_KEYS:
        scope.pop(key, None)
    return scope


LACKED_KEYS = ("missing", "PATH", "", "path ", *OPTIONAL_KEYS)
"""Keys a lookup test's scope lacks: none of ASGI's, ASGI's spelled otherwise, and its optional ones."""


def connected_lacking(binding: Binding, key: str) -> tuple[Scope, wsproto_api.WebSocket]:
    """A scope without ``key``, and a connection over it; the scope as the constructor left it.

    An optional key is left out of a scope with only the keys ASGI requires: ASGI's default for
    it is no value of the scope's.
    """
    scope = without_optional_keys() if key in OPTIONAL_KEYS else make_scope()
    return scope, support.connected(binding, scope=scope)[1]


@pytest.mark.clause("CONN-4")
@pytest.mark.parametrize("key", LACKED_KEYS)
def test_missing_item_raises_key_error(binding: Binding, key: str) -> None:
    scope, ws = connected_lacking(binding, key)
    if key in scope:  # put there by the constructor (Litestar adds "state"): the scope holds it now
        seen = support.outcome(lambda name: ws[name], key)
        expect.true(seen is scope[key], f"ws[{key!r}] to be what the constructor put in the scope", seen)
        return
    with expect.raises(KeyError, what=f"ws[{key!r}] for a key the scope lacks"):
        ws[key]


# -- CONN-11 -----------------------------------------------------------------------------


@pytest.mark.clause("CONN-11")
def test_iteration_len_and_in_follow_the_scope(binding: Binding) -> None:
    scope = make_scope(path="/p", zz=1, aa=2, nn=None)
    _, ws = support.connected(binding, scope=scope)
    expect.equal(list(ws), list(scope), "list(ws), in scope order")
    expect.equal(len(ws), len(scope), "len(ws)")
    for key in ("path", "zz", "aa", "nn", "type"):
        expect.true(key in ws, f"{key!r} in ws", False)
    for key in ("missing", "PATH", "client", ""):
        expect.true(key not in ws, f"{key!r} not in ws", True)


@pytest.mark.clause("CONN-11")
def test_iteration_and_in_leave_out_the_optional_keys_a_scope_lacks(binding: Binding) -> None:
    scope = without_optional_keys()
    _, ws = support.connected(binding, scope=scope)
    for key in OPTIONAL_KEYS:
        if key in scope:  # put there by the constructor (Litestar adds "state"): the scope holds it now
            expect.true(key in ws, f"{key!r} in ws, put in the scope by the constructor", False)
        else:
            expect.true(key not in ws, f"{key!r} not in ws, for a scope without it", True)
    expect.equal(list(ws), list(scope), "list(ws) for a scope with only the keys ASGI requires")


@pytest.mark.clause("CONN-11")
def test_iteration_len_and_in_follow_changes_to_the_scope(binding: Binding) -> None:
    scope = make_scope()
    _, ws = support.connected(binding, scope=scope)
    scope["later"] = "x"
    expect.true("later" in ws, "'later' in ws after adding it to the scope", list(ws))
    expect.equal(len(ws), len(scope), "len(ws) after adding a key to the scope")
    expect.equal(list(ws), list(scope), "list(ws) after adding a key to the scope")
    del scope["later"]
    expect.true("later" not in ws, "'later' not in ws after deleting it from the scope", list(ws))
    expect.equal(len(ws), len(scope), "len(ws) after deleting a key from the scope")
    expect.equal(list(ws), list(scope), "list(ws) after deleting a key from the scope")


# -- CONN-12 -----------------------------------------------------------------------------


@pytest.mark.clause("CONN-12")
@pytest.mark.parametrize("key", ["path", "new"])
def test_item_assignment_raises_type_error(binding: Binding, key: str) -> None:
    scope = make_scope(path="/p")
    _, ws = support.connected(binding, scope=scope)
    # After building: what the constructor itself puts in the scope (Litestar adds "state") is
    # no write through the mapping.
    before = dict(scope)
    with expect.raises(TypeError, what=f"ws[{key!r}] = 'x'"):
        ws[key] = "x"  # type: ignore[index]
    expect.equal(dict(scope), before, f"the scope after ws[{key!r}] = 'x'")


@pytest.mark.clause("CONN-12")
@pytest.mark.parametrize("key", ["path", "new"])
def test_item_deletion_raises_type_error(binding: Binding, key: str) -> None:
    scope = make_scope(path="/p")
    _, ws = support.connected(binding, scope=scope)
    # After building: what the constructor itself puts in the scope (Litestar adds "state") is
    # no write through the mapping.
    before = dict(scope)
    with expect.raises(TypeError, what=f"del ws[{key!r}]"):
        del ws[key]  # type: ignore[attr-defined]
    expect.equal(dict(scope), before, f"the scope after del ws[{key!r}]")


# -- CONN-16 -----------------------------------------------------------------------------

NOT_IN_THE_SCOPE: Any = object()
"""A default that no scope holds: ``ws.get`` gives this very object back for a key the scope lacks."""


def got(ws: wsproto_api.WebSocket, key: str, *default: object) -> object:
    """``ws.get(key)``, or ``ws.get(key, default)`` given one; what it raised, so that an error reads as seen."""
    if default:
        return support.outcome(lambda name: ws.get(name, default[0]), key)
    return support.outcome(lambda name: ws.get(name), key)


@pytest.mark.clause("CONN-16")
@pytest.mark.parametrize(
    ("key", "expected"),
    [("path", "/room/1"), ("type", "websocket"), ("query_string", b"x=1"), ("custom", {"k": "v"}), ("blank", "")],
)
def test_get_of_a_key_the_scope_holds_is_its_value(binding: Binding, key: str, expected: object) -> None:
    scope = make_scope(path="/room/1", query_string=b"x=1", custom={"k": "v"}, blank="")
    _, ws = support.connected(binding, scope=scope)
    expect.equal(got(ws, key), expected, f"ws.get({key!r})")
    # A default is for a key the scope lacks: this one it holds.
    expect.equal(got(ws, key, "default"), expected, f"ws.get({key!r}, 'default')")


@pytest.mark.clause("CONN-16")
def test_get_gives_the_scope_s_own_objects_and_its_none(binding: Binding) -> None:
    value = {"k": "v"}
    _, ws = support.connected(binding, scope=make_scope(custom=value, nothing=None))
    seen = got(ws, "custom")
    expect.true(seen is value, "ws.get('custom') to be the scope's object", seen)
    seen = got(ws, "custom", "default")
    expect.true(seen is value, "ws.get('custom', 'default') to be the scope's object", seen)
    # The scope holds the key, with the value None: that None, and not the default.
    seen = got(ws, "nothing")
    expect.true(seen is None, "ws.get('nothing') to be the scope's None", seen)
    seen = got(ws, "nothing", "default")
    expect.true(seen is None, "ws.get('nothing', 'default') to be the scope's None, not the default", seen)


@pytest.mark.clause("CONN-16")
@pytest.mark.parametrize("key", LACKED_KEYS)
def test_get_of_a_key_the_scope_lacks_is_none_or_the_default(binding: Binding, key: str) -> None:
    scope, ws = connected_lacking(binding, key)
    if key in scope:  # put there by the constructor (Litestar adds "state"): the scope holds it now
        for seen, call in ((got(ws, key), f"ws.get({key!r})"), (got(ws, key, None), f"ws.get({key!r}, None)")):
            expect.true(seen is scope[key], f"{call} to be what the constructor put in the scope", seen)
        return
    seen = got(ws, key)
    expect.true(seen is None, f"ws.get({key!r}) to be None for a key the scope lacks", seen)
    expect.equal(got(ws, key, "default"), "default", f"ws.get({key!r}, 'default') for a key the scope lacks")
    seen = got(ws, key, NOT_IN_THE_SCOPE)
    expect.true(seen is NOT_IN_THE_SCOPE, f"ws.get({key!r}, default) to be the default object itself", seen)
    seen = got(ws, key, None)
    expect.true(seen is None, f"ws.get({key!r}, None) to be None", seen)


UNUSUAL_ORDER: Final[tuple[tuple[str, object], ...]] = (
    ("zz", 1),
    ("headers", [(b"host", b"example.org")]),
    ("nothing", None),
    ("type", "websocket"),
    ("path", "/p"),
    ("aa", [1, 2]),
    ("asgi", {"version": "3.0", "spec_version": ASGI_SPEC_VERSION}),
    ("blank", ""),
    ("query_string", b""),
    ("raw_path", b"/p"),
    ("mm", {"k": "v"}),
)
"""A websocket scope's items in no usual order: extra keys among ASGI's, values None and empty among them."""


@pytest.mark.clause("CONN-16")
def test_keys_values_and_items_are_the_scope_s_in_its_order(binding: Binding) -> None:
    scope: Scope = dict(UNUSUAL_ORDER)
    _, ws = support.connected(binding, scope=scope)
    # What the constructor itself puts in the scope (Litestar adds "state") is the scope's too.
    written = {key for key, _ in UNUSUAL_ORDER}
    pairs = [*UNUSUAL_ORDER, *((key, value) for key, value in scope.items() if key not in written)]
    keys = [key for key, _ in pairs]
    values = [value for _, value in pairs]
    for again in ("", " called again after adding to the lists they gave"):
        expect.equal(as_values(ws.keys()), keys, f"ws.keys(){again}, in scope order")
        expect.equal(as_values(ws.values()), values, f"ws.values(){again}, in scope order")
        expect.equal(as_values(ws.items()), pairs, f"ws.items(){again}, in scope order")
        # An application may change what it was given, when that is a list: a later call
        # still gives the scope's.
        for listed, added in ((ws.keys(), "x"), (ws.values(), "x"), (ws.items(), ("x", "x"))):
            if isinstance(listed, MutableSequence):
                cast("MutableSequence[object]", listed).append(added)


def listings_follow(ws: wsproto_api.WebSocket, scope: Scope, when: str) -> None:
    """Check that ``ws.keys()``, ``ws.values()`` and ``ws.items()`` are the scope's as it is now."""
    expect.equal(as_values(ws.keys()), list(scope.keys()), f"ws.keys() {when}")
    expect.equal(as_values(ws.values()), list(scope.values()), f"ws.values() {when}")
    expect.equal(as_values(ws.items()), list(scope.items()), f"ws.items() {when}")


@pytest.mark.clause("CONN-16")
def test_get_keys_values_and_items_follow_changes_to_the_scope(binding: Binding) -> None:
    scope = make_scope(path="/p", zz=1)
    _, ws = support.connected(binding, scope=scope)
    listings_follow(ws, scope, "before the scope changes")
    scope["later"] = "x"
    expect.equal(got(ws, "later"), "x", "ws.get('later') after adding it to the scope")
    expect.equal(got(ws, "later", "gone"), "x", "ws.get('later', 'gone') after adding it to the scope")
    listings_follow(ws, scope, "after adding a key to the scope")
    scope["zz"] = None
    seen = got(ws, "zz", "gone")
    expect.true(seen is None, "ws.get('zz', 'gone') to be None after the scope's value became None", seen)
    listings_follow(ws, scope, "after changing a value of the scope")
    del scope["later"]
    seen = got(ws, "later")
    expect.true(seen is None, "ws.get('later') to be None after deleting it from the scope", seen)
    expect.equal(got(ws, "later", "gone"), "gone", "ws.get('later', 'gone') after deleting it from the scope")
    listings_follow(ws, scope, "after deleting a key from the scope")
    del scope["zz"]
    expect.equal(got(ws, "zz", "gone"), "gone", "ws.get('zz', 'gone') after deleting it from the scope")
    listings_follow(ws, scope, "after deleting a key it was built with from the scope")


# -- CONN-13 -----------------------------------------------------------------------------


def hash_of(ws: wsproto_api.WebSocket, when: str) -> int:
    """``hash(ws)``, failing with a clear message when the connection is not hashable."""
    try:
        return hash(ws)
    except Exception as error:  # unhashable, or a __hash__ that fails: the failure CONN-13 is about
        raise AssertionError(f"hash(ws) {when}: expected a hash, saw {type(error).__name__}: {error}") from error


@pytest.mark.clause("CONN-13")
def test_connection_is_hashable_and_equal_to_itself(binding: Binding) -> None:
    _, ws = support.connected(binding)
    before = hash_of(ws, "of a new connection")
    expect.equal(hash_of(ws, "read again"), before, "hash(ws) read twice")
    expect.true(ws == ws, "a connection equal to itself", False)
    expect.true(not (ws != ws), "a connection not unequal to itself", True)  # noqa: SIM202
    seen = {ws}
    expect.true(ws in seen, "the connection found in a set it was put in", seen)
    keyed = {ws: "value"}
    expect.equal(keyed.get(ws), "value", "a dict keyed by the connection, looked up by it")


@pytest.mark.clause("CONN-13")
async def test_hash_is_stable_while_used(binding: Binding) -> None:
    peer, ws = support.connected(binding, CONNECT, text("hi"))
    before = hash_of(ws, "of a new connection")
    seen = {ws}
    keyed = {ws: "value"}
    await support.accept(peer, ws)
    with support.arrange("RECV-1", "receive_text()"):
        await ws.receive_text()
    with support.arrange("SEND-1", "send_text()"):
        await ws.send_text("x")
    with support.arrange("CLOSE-1", "close()"):
        await ws.close()
    after = hash_of(ws, "after accept(), receive_text(), send_text() and close()")
    expect.equal(after, before, "hash(ws) after accept(), receive_text(), send_text() and close()")
    expect.true(ws == ws, "a used connection equal to itself", False)
    expect.true(ws in seen, "the used connection still found in a set it was put in", seen)
    expect.equal(keyed.get(ws), "value", "a dict keyed by the connection, looked up by it once used")


@pytest.mark.clause("CONN-13")
async def test_hash_is_stable_once_the_client_left(binding: Binding) -> None:
    peer, ws = support.connected(binding, CONNECT, disconnect(1001))
    before = hash_of(ws, "of a new connection")
    seen = {ws}
    await support.accept(peer, ws)
    with support.arrange("RECV-3", "receive_text() meeting the disconnect"), suppress(binding.WebSocketDisconnect):
        await ws.receive_text()
    after = hash_of(ws, "after the client's websocket.disconnect was received")
    expect.equal(after, before, "hash(ws) after the client's websocket.disconnect was received")
    expect.true(ws in seen, "the connection still found in a set it was put in, once the client left", seen)


# -- CONN-14 -----------------------------------------------------------------------------


@pytest.mark.clause("CONN-14")
def test_two_connections_over_one_scope_are_unequal(binding: Binding) -> None:
    scope = make_scope()
    _, a = support.connected(binding, scope=scope)
    _, b = support.connected(binding, scope=scope)
    expect.true(not (a == b), "two connections over the same scope to be unequal", True)  # noqa: SIM201
    expect.true(a != b, "a != b for two connections over the same scope", False)


@pytest.mark.clause("CONN-14")
def test_two_connections_over_equal_scopes_are_unequal(binding: Binding) -> None:
    _, a = support.connected(binding, scope=make_scope(path="/same"))
    _, b = support.connected(binding, scope=make_scope(path="/same"))
    expect.true(not (a == b), "two connections over equal scopes to be unequal", True)  # noqa: SIM201
    expect.true(a != b, "a != b for two connections over equal scopes", False)


# -- CONN-7 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-7")
@pytest.mark.parametrize(
    "scope_type",
    [_MISSING, "http", "lifespan", "WebSocket", "websocket.connect", "", None, 1, b"websocket"],
    ids=value_id,
)
def test_wrong_scope_type_is_refused(binding: Binding, scope_type: object) -> None:
    # A binding that cannot build a connection over a valid scope refuses every scope: that
    # shows nothing of the type check.
    support.connected(binding)
    scope = make_scope()
    if scope_type is _MISSING:
        del scope["type"]
    else:
        scope["type"] = scope_type
    peer = Peer()
    with expect.raises(Exception, what=f"WebSocket(scope) with scope['type'] {value_id(scope_type)}"):
        binding.WebSocket(scope, peer.receive, peer.send)


# -- CONN-15 and CONN-8: malformed scopes ------------------------------------------------
# Each case is a scope with one key malformed and a use of an attribute that reads that key.
# CONN-15 asks that building the connection or that use raises; CONN-8, that the exception is
# a ValueError or TypeError naming the key. A few uses are judged by CONN-8 alone (conn15
# False): Starlette 1.10, which SPEC.md lists as meeting CONN-15, reads a value there (a header
# whose name is a str is skipped as not matching; a str query_string is parsed as text by
# query_params, and a bytearray one decoded by url). A query_string of None is not malformed:
# ASGI reads it as empty, as QP-5 judges.

USES: dict[str, Callable[[wsproto_api.WebSocket], object]] = {
    "str(ws.url)": lambda ws: str(ws.url),
    "ws.headers.get('host')": lambda ws: ws.headers.get("host"),
    "ws.headers.get('absent')": lambda ws: ws.headers.get("absent"),
    "ws.cookies": lambda ws: ws.cookies,
    "ws.query_params.get('a')": lambda ws: ws.query_params.get("a"),
    "ws.client": lambda ws: ws.client,
}
"""How each case uses the attribute that reads the malformed key."""

USE_NEEDS: dict[str, str] = {"ws.cookies": "cookies", "ws.client": "client-address"}
"""The feature a use reads through, where it is not the core."""

Control = tuple[str, str, Callable[[wsproto_api.WebSocket], object], object]
"""(clause, what is read, how, the value it must give) over the well-formed scope of a case."""

CONTROLS: dict[tuple[str, str], Control] = {
    ("path", "str(ws.url)"): ("URL-2", "the path of str(ws.url)", lambda ws: urlsplit(str(ws.url)).path, "/chat"),
    ("query_string", "str(ws.url)"): (
        "URL-2",
        "the query of str(ws.url)",
        lambda ws: urlsplit(str(ws.url)).query,
        "a=1",
    ),
    ("headers", "str(ws.url)"): (
        "URL-4",
        "the host of str(ws.url)",
        lambda ws: urlsplit(str(ws.url)).hostname,
        "example.org",
    ),
    ("server", "str(ws.url)"): (
        "URL-5",
        "the host of str(ws.url) without a host header",
        lambda ws: urlsplit(str(ws.url)).hostname,
        "10.0.0.1",
    ),
    ("headers", "ws.headers.get('host')"): (
        "HDR-9",
        "ws.headers.get('host')",
        lambda ws: ws.headers.get("host"),
        "example.org",
    ),
    ("headers", "ws.headers.get('absent')"): (
        "HDR-9",
        "ws.headers.get('host') and ws.headers.get('absent')",
        lambda ws: (ws.headers.get("host"), ws.headers.get("absent")),
        ("example.org", None),
    ),
    ("headers", "ws.cookies"): ("CONN-10", "ws.cookies", lambda ws: dict(ws.cookies.items()), {"a": "1"}),
    ("query_string", "ws.query_params.get('a')"): (
        "QP-6",
        "ws.query_params.get('a')",
        lambda ws: ws.query_params.get("a"),
        "1",
    ),
    ("client", "ws.client"): (
        "CONN-9",
        "ws.client.host and ws.client.port",
        lambda ws: (getattr(ws.client, "host", None), getattr(ws.client, "port", None)),
        ("10.0.0.1", 80),
    ),
}
"""For each (key, use), what the use must give over a well-formed scope, and the clause that says so.

A case judges a use that reads the malformed key; a use that does not read that key when it
is well formed (a URL whose host never comes from the host header) shows nothing of how it is
read, so the case is blocked by the clause of the part it reads. Only the part that comes
from the key is compared: how the rest is written is its own clause's to judge.
"""


def well_formed(key: str) -> Scope:
    """A valid scope like the cases', in which the use of a case for ``key`` reads a well-formed ``key``."""
    if key == "server":
        return malformed("server", ("10.0.0.1", 80))
    if key == "client":
        return malformed("client", ("10.0.0.1", 80))
    return malformed("headers", [(b"host", b"example.org"), (b"cookie", b"a=1")])


def malformed(key: str, value: object) -> Scope:
    """A valid scope with ``key`` set to ``value``, or removed when ``value`` is ``_MISSING``."""
    scope = make_scope(path="/chat", query_string=b"a=1")
    if value is _MISSING:
        del scope[key]
    else:
        scope[key] = value
    if key == "server":
        # Without a host header the URL's netloc must come from the server.
        scope["headers"] = []
    return scope


Case = tuple[str, object, str, bool]
"""(scope key, malformed value, use, whether CONN-15 judges it as well as CONN-8)."""

_HEADER_SHAPES = [
    _MISSING,
    None,
    5,
    [(b"host",)],
    [(b"host", b"example.org", b"extra")],
    [b"host"],
    [(b"x", b"1"), 7],
]
_HEADER_VALUES = [[(b"host", "example.org")], [(b"host", None)]]
_HEADER_NAMES = [[("host", "example.org")], [("host", b"example.org")]]
_ADDRESSES = [("10.0.0.1",), ("10.0.0.1", 80, 1), 5, "10.0.0.1:80"]

NOT_UTF8_QUERIES = [b"a=\xff", b"q=caf\xe9", b"\xc3"]
"""Query strings that are not UTF-8: malformed for ``url``, read as latin-1 by ``query_params`` (QP-6)."""


CASES: list[Case] = [
    ("path", _MISSING, "str(ws.url)", True),
    *(
        ("headers", value, use, True)
        for value in _HEADER_SHAPES
        for use in ("ws.headers.get('absent')", "str(ws.url)", "ws.cookies")
    ),
    *(("headers", value, use, True) for value in _HEADER_VALUES for use in ("ws.headers.get('host')", "str(ws.url)")),
    *(("headers", value, use, False) for value in _HEADER_NAMES for use in ("ws.headers.get('host')", "str(ws.url)")),
    ("query_string", "a=1", "str(ws.url)", False),
    ("query_string", "a=1", "ws.query_params.get('a')", False),
    ("query_string", 1, "str(ws.url)", True),
    ("query_string", 1, "ws.query_params.get('a')", True),
    ("query_string", ["a=1"], "str(ws.url)", True),
    ("query_string", ["a=1"], "ws.query_params.get('a')", True),
    ("query_string", bytearray(b"a=1"), "str(ws.url)", False),
    ("query_string", bytearray(b"a=1"), "ws.query_params.get('a')", True),
    *(("query_string", value, "str(ws.url)", True) for value in NOT_UTF8_QUERIES),
    *(("server", value, "str(ws.url)", True) for value in _ADDRESSES),
    *(("client", value, "ws.client", True) for value in _ADDRESSES),
]


def case_id(case: Case) -> str:
    key, value, use, _ = case
    return f"{key}={value_id(value)}-{use}"


def build_and_use(binding: Binding, case: Case, *, again: bool = False) -> tuple[BaseException | None, object, str]:
    """Build a connection over the case's scope and use it: (the exception raised or None, the value, what was done).

    ``again``: a use that raised is made a second time, after every other use of the
    connection (``query_params`` reads a ``query_string`` that ``url`` cannot), and a value it
    gives then is what was seen: a key the connection could not read gives no value later
    either, whatever was read meanwhile (CONN-15).
    """
    key, value, use, _ = case
    needed = USE_NEEDS.get(use)
    if needed is not None:
        support.require(binding, needed)
    what = f"WebSocket(scope) with scope[{key!r}] {value_id(value)}, then {use}"
    # The use must give what the key holds on a well-formed scope; where it does not, the
    # clause that says what it gives is what failed.
    clause_id, read, action, wanted = CONTROLS[(key, use)]
    _, control = support.connected(binding, scope=well_formed(key))
    with reading(clause_id, f"{read} over a well-formed scope"):
        seen = action(control)
    support.step_gave(seen, wanted, clause_id, f"{read} over a well-formed scope")
    peer = Peer()
    try:
        ws = binding.WebSocket(malformed(key, value), peer.receive, peer.send)
    except Exception as error:  # whatever is raised, CONN-15 holds; CONN-8 judges its class
        return error, None, what
    try:
        return None, USES[use](ws), what
    except Exception as error:  # likewise
        if not again:
            return error, None, what
        first = error
    for other, action in USES.items():
        if other != use:
            with suppress(Exception):  # what the other uses give, or whether they raise, is not judged here
                action(ws)
    try:
        seen = USES[use](ws)
    except Exception:  # it still cannot read the key
        return first, None, what
    return None, seen, f"{what}, which raised {type(first).__name__}, then the other uses and {use} again"


@pytest.mark.clause("CONN-15")
@pytest.mark.parametrize("case", [case for case in CASES if case[3]], ids=case_id)
def test_malformed_scope_raises(binding: Binding, case: Case) -> None:
    error, value, what = build_and_use(binding, case, again=True)
    if error is None:
        raise AssertionError(f"{what}: expected an exception, by the time the attribute was used; saw {value!r}")


@pytest.mark.clause("CONN-15")
@pytest.mark.parametrize("query_string", NOT_UTF8_QUERIES)
def test_a_query_string_that_is_not_utf8_is_refused_only_by_url(binding: Binding, query_string: bytes) -> None:
    peer = Peer()
    what = f"WebSocket(scope) with scope['query_string'] {query_string!r}"
    try:
        ws = binding.WebSocket(make_scope(query_string=query_string), peer.receive, peer.send)
    except Exception as error:
        support.connected(binding)  # a binding that cannot build any connection here fails CONN-1
        raise AssertionError(
            f"{what}: expected a connection, as only url may refuse such a scope; saw {type(error).__name__}: {error}"
        ) from error
    # Malformed for url alone: once url has refused it, query_params reads it as a connection
    # whose url was never read does. What that reads is QP-6's (QP-3's for a blank value).
    key, _, value = query_string.decode("latin-1").partition("=")
    lookup = f"query_params[{key!r}] for {query_string!r}"
    control = support.connected(binding, scope=make_scope(query_string=query_string))[1]
    with support.arrange("QP-6" if value else "QP-3", f"{lookup}, ws.url never read"):
        wanted = part_of(control, "query_params", "QP-6")[key]
    with suppress(Exception):  # whether url refuses, and how, is test_malformed_scope_raises's
        str(ws.url)
    try:
        seen = support.item_or_error(part_of(ws, "query_params", "QP-6"), key)
    except Exception as error:  # reading query_params refused: what the rule forbids
        seen = error
    expect.equal(seen, wanted, f"{lookup} after ws.url was read, as where ws.url was never read")


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_malformed_scope_error_names_the_key(binding: Binding, case: Case) -> None:
    error, value, what = build_and_use(binding, case)
    if error is None:
        if case[3]:
            pytest.skip(f"{BLOCKED}CONN-15: {what} raised nothing, so its error cannot be judged")
        raise AssertionError(f"{what}: expected ValueError or TypeError naming {case[0]!r}, saw {value!r}")
    key = case[0]
    expect.true(
        isinstance(error, (ValueError, TypeError)),
        f"{what}: a ValueError or TypeError",
        f"{type(error).__name__}: {error}",
    )
    expect.true(names_key(error, key), f"{what}: an error whose message names {key!r}", error)


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize(
    "scope", [None, [], "websocket", 42, [("type", "websocket")], (("type", "websocket"),)], ids=repr
)
def test_scope_that_is_not_a_mapping_is_a_type_error(binding: Binding, scope: object) -> None:
    what = f"WebSocket({scope!r}, receive, send)"
    support.connected(binding)
    peer = Peer()
    try:
        binding.WebSocket(scope, peer.receive, peer.send)
    except Exception as error:  # CONN-7 holds (a scope that is not a mapping has no type); the class is this clause's
        expect.true(isinstance(error, TypeError), f"{what}: a TypeError", f"{type(error).__name__}: {error}")
        return
    pytest.skip(f"{BLOCKED}CONN-7: {what} raised nothing, so its error cannot be judged")


# -- CONN-9 ------------------------------------------------------------------------------


@pytest.mark.clause("CONN-9")
@pytest.mark.parametrize(
    ("client", "host", "port"),
    [
        (("203.0.113.5", 51000), "203.0.113.5", 51000),
        (["::1", 8080], "::1", 8080),
        (("client", 0), "client", 0),
        # As the scope holds them: no case folded, no IPv6 address rewritten.
        (("Proxy.Example", 5000), "Proxy.Example", 5000),
        (("2001:DB8:0::1", 5000), "2001:DB8:0::1", 5000),
    ],
    ids=["tuple", "list", "port-0", "upper-case-name", "ipv6-as-written"],
)
def test_client_is_a_named_host_port_tuple(binding: Binding, client: object, host: str, port: int) -> None:
    _, ws = support.built(binding, scope=make_scope(client=client))
    result = ws.client
    expect.true(isinstance(result, tuple), "ws.client to be a tuple", result)
    assert result is not None
    expect.equal(tuple(cast("tuple[object, ...]", result)), (host, port), "tuple(ws.client)")
    expect.equal(result.host, host, "ws.client.host")
    expect.equal(result.port, port, "ws.client.port")
    # The scope's values, not ones that only equal them: a port of 51000.0 is not the scope's.
    seen_host, seen_port = cast("object", result.host), cast("object", result.port)
    expect.true(isinstance(seen_host, str), "ws.client.host to be a str", type(seen_host))
    port_is_int = isinstance(seen_port, int) and not isinstance(seen_port, bool)
    expect.true(port_is_int, "ws.client.port to be an int", type(seen_port))


@pytest.mark.clause("CONN-9")
@pytest.mark.parametrize("client", [_MISSING, None], ids=["missing", "None"])
def test_client_is_none_without_client(binding: Binding, client: object) -> None:
    scope = make_scope() if client is _MISSING else make_scope(client=client)
    _, ws = support.built(binding, scope=scope)
    client_seen: object = ws.client
    expect.equal(client_seen, None, "ws.client without a client in the scope")


# -- CONN-10 -----------------------------------------------------------------------------


def cookies_of(ws: wsproto_api.WebSocket) -> object:
    """``ws.cookies``; where it raises and ``ws.headers`` cannot be read over the same scope either, HDR-5 blocks.

    The cookie headers' values are the headers' strings, decoded as latin-1 (HDR-5): a binding
    that cannot decode them as headers (Lilya decodes them as UTF-8) has its cookies fail for
    that rule, not for how CONN-10 parses them.
    """
    try:
        # As a plain object: the contract's type already claims a dict, the check is on the binding.
        return cast(object, ws.cookies)
    except Exception:
        headers_error: Exception | None = None
        try:
            ws.headers  # noqa: B018 - the read is the check
        except Exception as error:  # whatever it is, the headers cannot be read over this scope
            headers_error = error
        if headers_error is not None and features.missing_member(headers_error) is None:
            pytest.skip(f"{BLOCKED}HDR-5 (ws.headers): {type(headers_error).__name__}: {headers_error}")
        raise


def check_cookies(
    ws: wsproto_api.WebSocket, expected: dict[str, str], what: str, raw: Sequence[tuple[bytes, bytes]] = ()
) -> None:
    """Fail unless ``ws.cookies`` is a mapping of ``str`` to ``str`` whose items are ``expected``.

    Where they are not, and ``ws.headers`` decodes a value of the scope's headers ``raw``
    otherwise than as latin-1, the test is blocked by HDR-5: the cookies are read from those values.
    """
    cookies = cookies_of(ws)
    expect.true(isinstance(cookies, Mapping), f"{what}: a mapping", type(cookies))
    items = dict(cast("Mapping[object, object]", cookies).items())
    if raw and not expect.same(items, expected):
        try:
            headers = ws.headers
        except Exception:  # without headers to read, the cookies are judged on their own
            pass
        else:
            support.values_decoded_as_latin1(headers, raw)
    expect.equal(items, expected, what)
    expect.true(
        all(isinstance(key, str) and isinstance(value, str) for key, value in items.items()),
        f"{what}: str names and str values",
        items,
    )


@pytest.mark.clause("CONN-10")
@pytest.mark.parametrize(
    ("cookie_headers", "expected"),
    [
        ([], {}),
        ([b"a=1"], {"a": "1"}),
        ([b"a=1; b=2"], {"a": "1", "b": "2"}),
        ([b"a=1;b=2"], {"a": "1", "b": "2"}),
        ([b"  a = 1 ;\tb=2  "], {"a": "1", "b": "2"}),
        ([b"a=b=c"], {"a": "b=c"}),
        ([b"a="], {"a": ""}),
        ([b"=v"], {"": "v"}),
        ([b"="], {}),
        ([b" ; ;a=1"], {"a": "1"}),
        ([b'a="x y"; b="2"'], {"a": "x y", "b": "2"}),
        ([b'a=""'], {"a": ""}),
        ([b'a="'], {"a": '"'}),
        ([b'a="x'], {"a": '"x'}),
        ([b'a=x"'], {"a": 'x"'}),
        ([b"abc; a=1"], {"": "abc", "a": "1"}),
        ([b"abc; def"], {"": "def"}),
        ([b"a=1; a=2"], {"a": "2"}),
        ([b"a=1", b"b=2", b"a=3"], {"a": "3", "b": "2"}),
        ([b"a=caf\xe9"], {"a": "caf\u00e9"}),
        # The header's value as latin-1 text (HDR-5), even where its bytes also read as UTF-8.
        ([b"a=caf\xc3\xa9"], {"a": "caf\u00c3\u00a9"}),
        ([b"a=1;;b=2;"], {"a": "1", "b": "2"}),
        ([b"A=1; a=2"], {"A": "1", "a": "2"}),
        # More cookies than any other case: forty in one header, and then a value of 5,000 characters.
        (
            [b"; ".join(b"c%d=%d" % (index, index) for index in range(40)) + b"; long=" + b"v" * 5_000],
            {**{f"c{i}": str(i) for i in range(40)}, "long": "v" * 5_000},
        ),
    ],
)
def test_cookies(binding: Binding, cookie_headers: list[bytes], expected: dict[str, str]) -> None:
    headers = [(b"host", b"example.org"), *((b"cookie", value) for value in cookie_headers)]
    _, ws = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(ws, expected, f"ws.cookies from cookie headers {cookie_headers!r}", headers)


@pytest.mark.clause("CONN-10")
def test_cookies_come_from_cookie_headers_only(binding: Binding) -> None:
    headers = [(b"host", b"example.org"), (b"set-cookie", b"a=1"), (b"x-cookie", b"b=2"), (b"cookies", b"c=3")]
    _, ws = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(ws, {}, "ws.cookies without a cookie header")
    add_a_cookie(ws)
    _, second = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(second, {}, "ws.cookies of a second connection without a cookie header")


def add_a_cookie(ws: wsproto_api.WebSocket) -> None:
    """Add a cookie to ``ws.cookies`` where it is a mutable mapping, as an application may.

    Starlette's is a dict: what is added must not show on another connection, over the same
    headers or none.
    """
    given = cookies_of(ws)
    if isinstance(given, MutableMapping):
        cast("MutableMapping[str, str]", given)["session"] = "added"


@pytest.mark.clause("CONN-10")
def test_cookies_from_headers_around_other_headers(binding: Binding) -> None:
    headers = [(b"cookie", b"a=1"), (b"host", b"example.org"), (b"x-k", b"v"), (b"cookie", b"b=2; a=4")]
    _, ws = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(ws, {"a": "4", "b": "2"}, "ws.cookies from two cookie headers")
    check_cookies(ws, {"a": "4", "b": "2"}, "ws.cookies from two cookie headers, read a second time")
    add_a_cookie(ws)
    _, second = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(second, {"a": "4", "b": "2"}, "ws.cookies of a second connection over the same two cookie headers")


NOT_COOKIES = [(b"host", b"example.org"), (b"set-cookie", b"z=1"), (b"x-cookie", b"y=2"), (b"cookies", b"w=3")]
"""Headers whose values look like cookies but are not ``cookie`` headers."""


# A sync test, so that it runs once, not once per async backend.
@pytest.mark.clause("CONN-10")
@GENERATED
@given(values=cookie_headers(), others=st.lists(st.sampled_from(NOT_COOKIES), max_size=4), data=st.data())
def test_generated_cookies(
    binding: Binding, values: list[str], others: list[tuple[bytes, bytes]], data: st.DataObject
) -> None:
    headers = list(others)
    position = 0
    for value in values:
        # Among the other headers, in their own order: a later cookie header wins.
        position = data.draw(st.integers(position, len(headers)))
        headers.insert(position, (b"cookie", value.encode("latin-1")))
        position += 1
    _, ws = support.built(binding, scope=make_scope(headers=headers))
    check_cookies(ws, parse_cookies(values), f"ws.cookies for scope headers {headers!r}", headers)
