"""SIG: signatures.

The expected signatures are written out here from SPEC.md's SIG clauses, not read from the
contract's Protocols, so that a change to either shows up as a difference between them.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Final, cast

import pytest

import wsproto_api
from conformance import expect, features
from conformance.binding import Binding
from conformance.peer import CONNECT, Peer, binary, make_scope, text
from conformance.suite import support
from wsproto_api.asgi import Message, Receive, Scope, Send

Parameter = inspect.Parameter

_NO_DEFAULT: Final = Parameter.empty
_POSITIONAL: Final = (Parameter.POSITIONAL_ONLY, Parameter.POSITIONAL_OR_KEYWORD)
_VARIADIC: Final = (Parameter.VAR_POSITIONAL, Parameter.VAR_KEYWORD)
# Keyed by object: the kinds' enum class is private to inspect.
_KIND_NAMES: Final[dict[object, str]] = {
    Parameter.POSITIONAL_ONLY: "positional-only",
    Parameter.POSITIONAL_OR_KEYWORD: "positional-or-keyword",
    Parameter.VAR_POSITIONAL: "*args",
    Parameter.KEYWORD_ONLY: "keyword-only",
    Parameter.VAR_KEYWORD: "**kwargs",
}


def arg(name: str, default: object = _NO_DEFAULT) -> Parameter:
    """A positional-or-keyword parameter, with ``default`` if given."""
    return Parameter(name, Parameter.POSITIONAL_OR_KEYWORD, default=default)


def var_keyword(name: str) -> Parameter:
    """A ``**name`` parameter."""
    return Parameter(name, Parameter.VAR_KEYWORD)


def signature(*parameters: Parameter) -> inspect.Signature:
    """The signature a SIG clause gives, ``self`` left out."""
    return inspect.Signature(list(parameters))


def _bare(seen: inspect.Signature) -> inspect.Signature:
    """``seen`` without annotations, so that it reads like the clause's signature beside it."""
    parameters = [p.replace(annotation=Parameter.empty) for p in seen.parameters.values()]
    return seen.replace(parameters=parameters, return_annotation=inspect.Signature.empty)


def _same_default(expected: object, seen: object) -> bool:
    if expected is _NO_DEFAULT or seen is _NO_DEFAULT:
        return expected is seen
    # The type first: 1000.0 == 1000 and True == 1, but neither is the default SIG names.
    if type(seen) is not type(expected):
        return False
    try:
        return bool(seen == expected)
    except Exception:  # a default whose comparison fails is not equal to anything
        return False


def _default_text(parameter: Parameter) -> str:
    return "no default" if parameter.default is _NO_DEFAULT else f"the default {parameter.default!r}"


def _compare(want: Parameter, have: Parameter) -> str | None:
    """How ``have`` differs from ``want`` in kind or default, or ``None``."""
    if have.kind != want.kind:
        return f"{have.name!r} is {_KIND_NAMES[have.kind]}, not {_KIND_NAMES[want.kind]}"
    if not _same_default(want.default, have.default):
        return f"{have.name!r} has {_default_text(have)}, not {_default_text(want)}"
    return None


def difference(expected: inspect.Signature, seen: inspect.Signature) -> str | None:
    """Why ``seen`` does not match ``expected`` under SPEC.md's SIG rules, or ``None`` when it does."""
    wanted = list(expected.parameters.values())
    given = list(seen.parameters.values())
    accounted: set[str] = set()
    by_name = {p.name: p for p in given}
    given_positional = [p for p in given if p.kind in _POSITIONAL]
    for index, want in enumerate(p for p in wanted if p.kind in _POSITIONAL):
        if index >= len(given_positional):
            elsewhere = by_name.get(want.name)
            return f"no positional parameter {want.name!r}" if elsewhere is None else _compare(want, elsewhere)
        have = given_positional[index]
        if have.name != want.name:
            return f"positional parameter {index + 1} is {have.name!r}, not {want.name!r}"
        problem = _compare(want, have)
        if problem is not None:
            return problem
        accounted.add(have.name)
    for want in (p for p in wanted if p.kind is Parameter.KEYWORD_ONLY):
        found = by_name.get(want.name)
        if found is None:
            return f"no keyword-only parameter {want.name!r}"
        problem = _compare(want, found)
        if problem is not None:
            return problem
        accounted.add(found.name)
    for kind in _VARIADIC:
        if any(p.kind is kind for p in wanted) and not any(p.kind is kind for p in given):
            return f"no {_KIND_NAMES[kind]} parameter"
    takes_any_keyword = any(p.kind is Parameter.VAR_KEYWORD for p in wanted)
    for have in given:
        if have.name in accounted or have.kind in _VARIADIC:
            continue
        if have.default is _NO_DEFAULT:
            return f"the extra parameter {have.name!r} has no default"
        if takes_any_keyword and have.kind is not Parameter.POSITIONAL_ONLY:
            return f"the extra parameter {have.name!r} takes a keyword meant for **kwargs"
    return None


def check(owner: object, name: str | None, label: str, expected: inspect.Signature) -> None:
    """Fail unless ``owner.name`` (``owner`` itself when ``name`` is ``None``) has the ``expected`` signature."""
    target = owner
    if name is not None:
        try:
            target = getattr(owner, name)
        except AttributeError:
            raise AssertionError(f"{label}: expected {expected}, saw no such attribute") from None
    if not callable(target):
        raise AssertionError(f"{label}: expected {expected}, saw {target!r}, which is not callable")
    try:
        seen = inspect.signature(target)
    except Exception as error:  # TypeError or ValueError by the docs; any failure means the same here
        raise AssertionError(
            f"{label}: expected {expected}, saw a signature inspect.signature cannot read "
            f"({type(error).__name__}: {error})"
        ) from None
    problem = difference(expected, seen)
    if problem is not None:
        raise AssertionError(f"{label}: expected {expected}, saw {_bare(seen)}; {problem}")


def part(ws: wsproto_api.WebSocket, name: str) -> object:
    """``ws.<name>`` (``url``, ``headers`` or ``query_params``), whose methods a SIG clause judges.

    Reading it is a step: where it raises, the test is blocked by the clause that defines it.
    """
    with support.arrange(features.DEFINING_CLAUSE[name], f"ws.{name}"):
        return getattr(ws, name)


def _ids(cases: Sequence[tuple[str, inspect.Signature]]) -> list[str]:
    return [name for name, _ in cases]


@pytest.mark.clause("SIG-1")
def test_websocket_constructor_signature(binding: Binding) -> None:
    expected = signature(arg("scope"), arg("receive", None), arg("send", None))
    check(binding.WebSocket, None, "WebSocket", expected)


Build = Callable[[Binding, Scope, Peer], wsproto_api.WebSocket]

CONSTRUCTIONS: Final[dict[str, Build]] = {
    "WebSocket(scope, receive, send)": lambda b, scope, peer: b.WebSocket(scope, peer.receive, peer.send),
    "WebSocket(scope=..., receive=..., send=...)": lambda b, scope, peer: b.WebSocket(
        scope=scope, receive=peer.receive, send=peer.send
    ),
    "WebSocket(scope, receive=..., send=...)": lambda b, scope, peer: b.WebSocket(
        scope, receive=peer.receive, send=peer.send
    ),
}
"""The construction by position, then those with arguments by keyword."""


async def _built_and_accepted(binding: Binding, call: str) -> tuple[object, object, list[object]]:
    """What building by ``call`` (a key of ``CONSTRUCTIONS``) and then ``accept()`` did.

    That is each one's error class, if it raised, and the messages sent: ``accept()`` awaits
    both channels, so a channel dropped on the way shows. An error is an observation like a
    result: what a construction and ``accept()`` do is other clauses' rules (CONN-1,
    ACCEPT-1), and only the sameness of the constructions is judged here.
    """
    peer = Peer(CONNECT)
    try:
        ws = CONSTRUCTIONS[call](binding, make_scope(), peer)
    except Exception as error:  # an observation, as said
        return type(error).__name__, None, []
    accepted: object = None
    try:
        await ws.accept()
    except Exception as error:  # likewise
        accepted = type(error).__name__
    return None, accepted, [expect.asgi_equivalent(message) for message in peer.sent]


@pytest.mark.clause("SIG-1")
@pytest.mark.anyio
@pytest.mark.parametrize("call", list(CONSTRUCTIONS)[1:])
async def test_websocket_takes_its_arguments_by_keyword(binding: Binding, call: str) -> None:
    # A wrapper that keeps the signature inspect reads, but drops keywords or refuses them, shows here.
    wanted = await _built_and_accepted(binding, "WebSocket(scope, receive, send)")
    seen = await _built_and_accepted(binding, call)
    expect.equal(
        seen,
        wanted,
        f"(error building, error of accept(), messages sent) by {call}, as by WebSocket(scope, receive, send)",
    )


CORE_METHODS: Final = [
    ("accept", signature(arg("subprotocol", None), arg("headers", None))),
    ("close", signature(arg("code", 1000), arg("reason", None))),
    ("send_text", signature(arg("data"))),
    ("send_bytes", signature(arg("data"))),
    ("send_json", signature(arg("data"), arg("mode", "text"))),
    ("receive_text", signature()),
    ("receive_bytes", signature()),
    ("receive_json", signature(arg("mode", "text"))),
    ("iter_text", signature()),
    ("iter_bytes", signature()),
    ("iter_json", signature()),
]


@pytest.mark.clause("SIG-10")
@pytest.mark.parametrize(("name", "expected"), CORE_METHODS, ids=_ids(CORE_METHODS))
def test_core_method_signature(binding: Binding, name: str, expected: inspect.Signature) -> None:
    _, ws = support.connected(binding)
    check(ws, name, f"WebSocket.{name}", expected)


RAW_METHODS: Final = [
    ("send", signature(arg("message"))),
    ("receive", signature()),
]


@pytest.mark.clause("SIG-6")
@pytest.mark.parametrize(("name", "expected"), RAW_METHODS, ids=_ids(RAW_METHODS))
def test_raw_method_signature(binding: Binding, name: str, expected: inspect.Signature) -> None:
    _, ws = support.connected(binding)
    check(ws, name, f"WebSocket.{name}", expected)


@pytest.mark.clause("SIG-7")
def test_denial_method_signature(binding: Binding) -> None:
    _, ws = support.connected(binding)
    check(ws, "send_denial_response", "WebSocket.send_denial_response", signature(arg("response")))


URL_METHODS: Final = [
    ("include_query_params", signature(var_keyword("params"))),
    ("replace_query_params", signature(var_keyword("params"))),
    ("remove_query_params", signature(arg("keys"))),
]


@pytest.mark.clause("SIG-3")
@pytest.mark.parametrize(("name", "expected"), URL_METHODS, ids=_ids(URL_METHODS))
def test_url_method_signature(binding: Binding, name: str, expected: inspect.Signature) -> None:
    _, ws = support.connected(binding)
    check(part(ws, "url"), name, f"url.{name}", expected)


MULTIDICT_METHODS: Final = [
    ("headers.getlist", signature(arg("key"))),
    ("query_params.getlist", signature(arg("key"))),
    ("query_params.multi_items", signature()),
]


@pytest.mark.clause("SIG-4")
@pytest.mark.parametrize(("path", "expected"), MULTIDICT_METHODS, ids=_ids(MULTIDICT_METHODS))
def test_multidict_method_signature(binding: Binding, path: str, expected: inspect.Signature) -> None:
    _, ws = support.connected(binding)
    attribute, _, name = path.partition(".")
    check(part(ws, attribute), name, path, expected)


Lookup = Callable[[wsproto_api.WebSocket], object]

KEYWORD_LOOKUPS: Final[dict[str, tuple[str, Lookup, Lookup]]] = {
    # the call by keyword: (the clause of what the call does, by position, by keyword)
    "headers.getlist(key=...)": (
        "HDR-10",
        lambda ws: ws.headers.getlist("x-a"),
        lambda ws: ws.headers.getlist(key="x-a"),
    ),
    "query_params.getlist(key=...)": (
        "QP-9",
        lambda ws: ws.query_params.getlist("a"),
        lambda ws: ws.query_params.getlist(key="a"),
    ),
}
"""Lookups with their parameter by keyword, each with the same lookup by position."""

URL_KEYWORD_CALLS: Final[dict[str, tuple[str, Lookup, Lookup]]] = {
    "url.remove_query_params(keys=...)": (
        "URL-12",
        lambda ws: str(ws.url.remove_query_params("a")),
        lambda ws: str(ws.url.remove_query_params(keys="a")),
    ),
}
"""The URL method SIG-3 gives a parameter that can be passed by keyword, as ``KEYWORD_LOOKUPS``."""


def check_lookup_by_keyword(binding: Binding, call: str, table: Mapping[str, tuple[str, Lookup, Lookup]]) -> None:
    """Fail unless ``call`` (a key of ``table``), on one connection, returns what the call by position does.

    A wrapper that forwards only positional arguments (``functools.wraps`` keeps the
    signature ``inspect`` reads) takes no keyword. Where the call by position raises, the
    test is blocked by the clause of what it does.
    """
    behaviour, by_position, by_keyword = table[call]
    headers = [(b"host", b"example.org"), (b"x-a", b"1"), (b"x-a", b"2")]
    _, ws = support.connected(binding, scope=make_scope(query_string=b"a=1&b=2&a=3", headers=headers))
    with support.arrange(behaviour, f"{call} with its argument by position"):
        wanted = by_position(ws)
    expect.equal(by_keyword(ws), wanted, f"what {call} returned, as the call by position did")


@pytest.mark.clause("SIG-3")
def test_remove_query_params_takes_its_keys_by_keyword(binding: Binding) -> None:
    check_lookup_by_keyword(binding, "url.remove_query_params(keys=...)", URL_KEYWORD_CALLS)


@pytest.mark.clause("SIG-4")
@pytest.mark.parametrize("call", KEYWORD_LOOKUPS)
def test_multidict_lookups_take_their_key_by_keyword(binding: Binding, call: str) -> None:
    check_lookup_by_keyword(binding, call, KEYWORD_LOOKUPS)


@pytest.mark.clause("SIG-8")
def test_websocket_disconnect_signature(binding: Binding) -> None:
    check(binding.WebSocketDisconnect, None, "WebSocketDisconnect", signature(arg("code", 1000), arg("reason", None)))


@pytest.mark.clause("SIG-8")
def test_websocket_disconnect_takes_a_position_beside_a_keyword(binding: Binding) -> None:
    # By positions alone and by keywords alone are EXC-1's own calls; a wrapper that takes
    # either, but not both, drops the code.
    # SIG-8's parameters, not BaseException's.
    disconnect = cast("Callable[..., BaseException]", binding.WebSocketDisconnect)
    with support.arrange("EXC-1", "WebSocketDisconnect(1001, 'bye')"):
        wanted = disconnect(1001, "bye")
    seen = disconnect(1001, reason="bye")
    expect.equal(
        (getattr(seen, "code", None), getattr(seen, "reason", None)),
        (getattr(wanted, "code", None), getattr(wanted, "reason", None)),
        "(code, reason) of WebSocketDisconnect(1001, reason='bye'), as of WebSocketDisconnect(1001, 'bye')",
    )


@pytest.mark.clause("SIG-9")
def test_websocket_close_signature(binding: Binding) -> None:
    # Read from the module: the suite runs this test only where the binding exports WebSocketClose.
    check(binding.module, "WebSocketClose", "WebSocketClose", signature(arg("code", 1000), arg("reason", None)))


@pytest.mark.clause("SIG-9")
@pytest.mark.anyio
async def test_websocket_close_takes_a_position_beside_a_keyword(binding: Binding) -> None:
    # By positions alone and by keywords alone are CLOSE-5's own calls; a wrapper that takes
    # either, but not both, drops the code. The suite runs this test only where WebSocketClose exists.
    close_app = cast("Callable[..., wsproto_api.ASGIApp]", binding.WebSocketClose)
    peer = Peer(CONNECT)
    with support.arrange("CLOSE-5", "WebSocketClose(4000, 'bye') with its arguments by position"):
        await close_app(4000, "bye")(make_scope(), peer.receive, peer.send)
    mixed_peer = Peer(CONNECT)
    await close_app(4000, reason="bye")(make_scope(), mixed_peer.receive, mixed_peer.send)
    expect.sent(
        mixed_peer, peer.sent, "messages sent by WebSocketClose(4000, reason='bye'), as by the call by position"
    )


# -- every call a signature allows is taken ---------------------------------------------------
# inspect reads a signature that the callable need not keep: a wrapper that keeps its
# __wrapped__'s, a __signature__ of its own, a class whose __new__ and __init__ differ. Each
# call the clause's signature allows is made here and judged only on whether the callable
# took its arguments (a TypeError raised at the call itself, so that the callable never
# ran); what it then does is the rules of the call's own clauses. The calls are made on new
# objects and not awaited: binding the arguments is all that is judged.

Values = Callable[[], dict[str, object]]
"""A value for each parameter a signature names, new for each call; ``**kwargs`` get ``a``."""


def allowed_calls(expected: inspect.Signature) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Every call ``expected`` allows: the parameters given by position, then those given by keyword.

    Each parameter is given by position, by keyword, or left to its default, positions first;
    a ``**kwargs`` takes the keyword ``a`` or nothing.
    """
    named = [p for p in expected.parameters.values() if p.kind not in _VARIADIC]
    choices: list[list[str]] = []
    for p in named:
        options = ["position", "keyword"] if p.kind is Parameter.POSITIONAL_OR_KEYWORD else []
        options = options or (["position"] if p.kind is Parameter.POSITIONAL_ONLY else ["keyword"])
        choices.append(options if p.default is _NO_DEFAULT else [*options, "omitted"])
    extras: list[tuple[str, ...]] = [()]
    if any(p.kind is Parameter.VAR_KEYWORD for p in expected.parameters.values()):
        extras.append(("a",))
    calls: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    for chosen in itertools.product(*choices):
        positions = [choice == "position" for choice in chosen]
        if positions != sorted(positions, reverse=True):
            continue  # a position after a parameter left out or given by keyword
        by_position = tuple(p.name for p, choice in zip(named, chosen, strict=True) if choice == "position")
        by_keyword = tuple(p.name for p, choice in zip(named, chosen, strict=True) if choice == "keyword")
        calls.extend((by_position, by_keyword + extra) for extra in extras)
    return calls


def _call_text(label: str, by_position: Sequence[str], args: Sequence[object], keywords: Mapping[str, object]) -> str:
    """The call, its values shown where they are short and named by their parameter where not."""

    def shown(name: str, value: object) -> str:
        text = repr(value)
        return text if len(text) <= 30 else name

    given = [shown(name, value) for name, value in zip(by_position, args, strict=True)]
    given += [f"{name}={shown(name, value)}" for name, value in keywords.items()]
    return f"{label}({', '.join(given)})"


def _discard(result: object) -> None:
    """Close a coroutine the call returned unawaited, so that it never runs."""
    if inspect.iscoroutine(result):
        result.close()


def check_calls_taken(target: Callable[[], object], label: str, expected: inspect.Signature, values: Values) -> None:
    """Fail unless the callable ``target()`` gives, new for each call, takes every call ``expected`` allows."""
    for by_position, by_keyword in allowed_calls(expected):
        given = values()
        args = [given[name] for name in by_position]
        keywords = {name: given[name] for name in by_keyword}
        callable_ = cast("Callable[..., object]", target())
        try:
            result = callable_(*args, **keywords)
        except Exception as error:
            if features.signature_mismatch(error) is not None:
                call = _call_text(label, by_position, args, keywords)
                raise AssertionError(
                    f"{label}: expected {expected}, but {call}, a call it allows, was not taken: "
                    f"{type(error).__name__}: {error}"
                ) from None
            continue  # the callable ran: what it did is the rule of the call's own clause
        _discard(result)


def _connection_values() -> dict[str, object]:
    return {
        "subprotocol": None,
        "headers": None,
        "code": 1000,
        "reason": None,
        "mode": "text",
        "message": {"type": "websocket.send", "text": "x"},
        "response": _deny,
    }


_DATA: Final[dict[str, object]] = {"send_text": "x", "send_bytes": b"x", "send_json": [1]}


@pytest.mark.clause("SIG-1")
@pytest.mark.anyio
async def test_websocket_constructor_takes_every_call_it_allows(binding: Binding) -> None:
    # Built inside the event loop, as some frameworks' connections must be.
    def values() -> dict[str, object]:
        peer = Peer(CONNECT)
        return {"scope": make_scope(), "receive": peer.receive, "send": peer.send}

    expected = signature(arg("scope"), arg("receive", None), arg("send", None))
    check_calls_taken(lambda: binding.WebSocket, "WebSocket", expected, values)


@pytest.mark.clause("SIG-10")
@pytest.mark.parametrize(("name", "expected"), CORE_METHODS, ids=_ids(CORE_METHODS))
def test_core_methods_take_every_call_they_allow(binding: Binding, name: str, expected: inspect.Signature) -> None:
    check_calls_taken(
        lambda: getattr(support.connected(binding)[1], name),
        f"WebSocket.{name}",
        expected,
        lambda: {**_connection_values(), "data": _DATA.get(name)},
    )


@pytest.mark.clause("SIG-6")
@pytest.mark.parametrize(("name", "expected"), RAW_METHODS, ids=_ids(RAW_METHODS))
def test_raw_methods_take_every_call_they_allow(binding: Binding, name: str, expected: inspect.Signature) -> None:
    check_calls_taken(
        lambda: getattr(support.connected(binding)[1], name), f"WebSocket.{name}", expected, _connection_values
    )


@pytest.mark.clause("SIG-7")
def test_send_denial_response_takes_every_call_it_allows(binding: Binding) -> None:
    check_calls_taken(
        lambda: support.connected(binding, scope=support.scope_with_denial())[1].send_denial_response,
        "WebSocket.send_denial_response",
        signature(arg("response")),
        _connection_values,
    )


@pytest.mark.clause("SIG-3")
@pytest.mark.parametrize(("name", "expected"), URL_METHODS, ids=_ids(URL_METHODS))
def test_url_methods_take_every_call_they_allow(binding: Binding, name: str, expected: inspect.Signature) -> None:
    scope = make_scope(query_string=b"a=1&b=2")
    check_calls_taken(
        lambda: getattr(part(support.connected(binding, scope=scope)[1], "url"), name),
        f"url.{name}",
        expected,
        lambda: {"keys": "a", "a": "2"},
    )


@pytest.mark.clause("SIG-4")
@pytest.mark.parametrize(("path", "expected"), MULTIDICT_METHODS, ids=_ids(MULTIDICT_METHODS))
def test_multidict_methods_take_every_call_they_allow(binding: Binding, path: str, expected: inspect.Signature) -> None:
    attribute, _, name = path.partition(".")
    scope = make_scope(query_string=b"a=1&a=2", headers=[(b"host", b"example.org"), (b"x-a", b"1")])
    check_calls_taken(
        lambda: getattr(part(support.connected(binding, scope=scope)[1], attribute), name),
        path,
        expected,
        lambda: {"key": "x-a" if attribute == "headers" else "a"},
    )


_EXCEPTION_VALUES: Final = {"code": 1001, "reason": "bye"}


@pytest.mark.clause("SIG-8")
def test_websocket_disconnect_takes_every_call_it_allows(binding: Binding) -> None:
    expected = signature(arg("code", 1000), arg("reason", None))
    check_calls_taken(
        lambda: binding.WebSocketDisconnect, "WebSocketDisconnect", expected, lambda: dict(_EXCEPTION_VALUES)
    )


@pytest.mark.clause("SIG-9")
def test_websocket_close_takes_every_call_it_allows(binding: Binding) -> None:
    # Read from the module: the suite runs this test only where the binding exports WebSocketClose.
    expected = signature(arg("code", 1000), arg("reason", None))
    check_calls_taken(
        lambda: binding.module.WebSocketClose, "WebSocketClose", expected, lambda: dict(_EXCEPTION_VALUES)
    )


# -- SIG-6, SIG-7, SIG-10 by behaviour: a call by keyword does what the call by position does ------


Call = Callable[[wsproto_api.WebSocket], Awaitable[object]]

KEYWORD_CALLS: Final[dict[str, tuple[str, str, Call, Call]]] = {
    # the call by keyword: (its signature clause, the clause of what the call does, by position, by keyword)
    "send_text(data=...)": (
        "SIG-10",
        "SEND-1",
        lambda ws: ws.send_text("x"),
        lambda ws: ws.send_text(data="x"),
    ),
    "send_bytes(data=...)": (
        "SIG-10",
        "SEND-2",
        lambda ws: ws.send_bytes(b"x"),
        lambda ws: ws.send_bytes(data=b"x"),
    ),
    "send_json(data=..., mode=...)": (
        "SIG-10",
        "JSON-10",
        lambda ws: ws.send_json([1], "binary"),
        lambda ws: ws.send_json(data=[1], mode="binary"),
    ),
    # Some positions, then keywords: a wrapper that takes either, but not both, drops one.
    "send_json(data, mode=...)": (
        "SIG-10",
        "JSON-10",
        lambda ws: ws.send_json([1], "binary"),
        lambda ws: ws.send_json([1], mode="binary"),
    ),
    "receive_json(mode=...)": (
        "SIG-10",
        "JSON-4",
        lambda ws: ws.receive_json("binary"),
        lambda ws: ws.receive_json(mode="binary"),
    ),
    "close(code=..., reason=...)": (
        "SIG-10",
        "CLOSE-2",
        lambda ws: ws.close(4000, "r"),
        lambda ws: ws.close(code=4000, reason="r"),
    ),
    "close(code, reason=...)": (
        "SIG-10",
        "CLOSE-2",
        lambda ws: ws.close(4000, "r"),
        lambda ws: ws.close(4000, reason="r"),
    ),
    "send(message=...)": (
        "SIG-6",
        "RAW-1",
        lambda ws: ws.send({"type": "websocket.send", "text": "x"}),
        lambda ws: ws.send(message={"type": "websocket.send", "text": "x"}),
    ),
}
"""Calls with parameters by keyword, each with the same call by position, on an accepted connection."""


async def check_keywords_do_what_positions_do(binding: Binding, call: str) -> None:
    """Fail unless ``call`` (a key of ``KEYWORD_CALLS``) returns and sends what the call by position does.

    A wrapper that forwards only positional arguments (``functools.wraps`` keeps the
    signature ``inspect`` reads) takes no keyword. What the call by position does is its own
    clause's rule: where it raises, the test is blocked by that clause.
    """
    _, behaviour, by_position, by_keyword = KEYWORD_CALLS[call]
    if call.startswith("send("):
        support.require(binding, "raw")
    peer, ws = await support.accepted(binding, binary(b"[1]"))
    with support.arrange(behaviour, f"{call} with its arguments by position"):
        wanted = await by_position(ws)
    keyword_peer, keyword_ws = await support.accepted(binding, binary(b"[1]"))
    seen = await by_keyword(keyword_ws)
    expect.equal(seen, wanted, f"what {call} returned, as the call by position did")
    expect.sent(keyword_peer, peer.sent, f"messages sent by {call}, as by the call by position")


@pytest.mark.clause("SIG-10")
@pytest.mark.anyio
@pytest.mark.parametrize("call", [call for call, (clause, *_) in KEYWORD_CALLS.items() if clause == "SIG-10"])
async def test_core_methods_take_their_parameters_by_keyword(binding: Binding, call: str) -> None:
    await check_keywords_do_what_positions_do(binding, call)


@pytest.mark.clause("SIG-10")
@pytest.mark.anyio
async def test_accept_takes_a_position_beside_a_keyword(binding: Binding) -> None:
    # By keywords alone is ACCEPT-3's own call; a wrapper that takes either, but not both, drops the position.
    pairs = [(b"x-a", b"1")]
    peer, ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=["chat"]))
    with support.arrange("ACCEPT-3", "accept('chat', [(b'x-a', b'1')]) with its arguments by position"):
        await ws.accept("chat", list(pairs))
    mixed_peer, mixed_ws = support.connected(binding, CONNECT, scope=make_scope(subprotocols=["chat"]))
    await mixed_ws.accept("chat", headers=list(pairs))
    expect.sent(mixed_peer, peer.sent, "messages sent by accept('chat', headers=[...]), as by the call by position")


# -- SIG-8, SIG-9, SIG-10 by behaviour: a parameter left out takes the clause's default -----------
# A wrapper's __wrapped__, or a __signature__ of its own, can show inspect the clause's default
# over another one: a call that leaves the parameter out must do what the call that gives the
# clause's default does.

DEFAULT_CALLS: Final[dict[str, tuple[str, Callable[[], Message], Call, Call]]] = {
    # the call leaving parameters out: (the clause of what the call does, the message the peer
    # sends next, the call with the defaults SIG-10 gives, the call without them)
    "close()": ("CLOSE-2", lambda: binary(b"[1]"), lambda ws: ws.close(1000, None), lambda ws: ws.close()),
    "close(4000)": ("CLOSE-2", lambda: binary(b"[1]"), lambda ws: ws.close(4000, None), lambda ws: ws.close(4000)),
    "close(reason=...)": (
        "CLOSE-2",
        lambda: binary(b"[1]"),
        lambda ws: ws.close(1000, "r"),
        lambda ws: ws.close(reason="r"),
    ),
    "send_json(data)": (
        "JSON-8",
        lambda: binary(b"[1]"),
        lambda ws: ws.send_json([1], "text"),
        lambda ws: ws.send_json([1]),
    ),
    "receive_json()": ("JSON-3", lambda: text("[1]"), lambda ws: ws.receive_json("text"), lambda ws: ws.receive_json()),
}
"""Calls leaving parameters to their defaults, each with the call giving SIG-10's defaults, on accepted connections."""


@pytest.mark.clause("SIG-10")
@pytest.mark.anyio
@pytest.mark.parametrize("call", DEFAULT_CALLS)
async def test_core_methods_take_the_defaults_they_show(binding: Binding, call: str) -> None:
    behaviour, incoming, given, left_out = DEFAULT_CALLS[call]
    peer, ws = await support.accepted(binding, incoming())
    with support.arrange(behaviour, f"{call} with SIG-10's defaults given"):
        wanted = await given(ws)
    default_peer, default_ws = await support.accepted(binding, incoming())
    seen = await left_out(default_ws)
    expect.equal(seen, wanted, f"what {call} returned, as the call giving SIG-10's defaults did")
    expect.sent(default_peer, peer.sent, f"messages sent by {call}, as by the call giving SIG-10's defaults")


@pytest.mark.clause("SIG-10")
@pytest.mark.anyio
async def test_accept_takes_the_defaults_it_shows(binding: Binding) -> None:
    peer, ws = support.connected(binding, CONNECT)
    with support.arrange("ACCEPT-1", "accept(None, None)"):
        await ws.accept(None, None)
    default_peer, default_ws = support.connected(binding, CONNECT)
    await default_ws.accept()
    expect.sent(default_peer, peer.sent, "messages sent by accept(), as by accept(None, None)")


EXCEPTION_DEFAULT_CALLS: Final[dict[str, tuple[tuple[object, object], Callable[[Callable[..., object]], object]]]] = {
    # the call leaving parameters out: (the arguments with SIG-8's defaults given, the call without them)
    "WebSocketDisconnect()": ((1000, None), lambda cls: cls()),
    "WebSocketDisconnect(1001)": ((1001, None), lambda cls: cls(1001)),
    "WebSocketDisconnect(reason='bye')": ((1000, "bye"), lambda cls: cls(reason="bye")),
}


@pytest.mark.clause("SIG-8")
@pytest.mark.parametrize("call", EXCEPTION_DEFAULT_CALLS)
def test_websocket_disconnect_takes_the_defaults_it_shows(binding: Binding, call: str) -> None:
    given, left_out = EXCEPTION_DEFAULT_CALLS[call]
    disconnect = cast("Callable[..., BaseException]", binding.WebSocketDisconnect)
    with support.arrange("EXC-1", f"WebSocketDisconnect{given!r}"):
        wanted = disconnect(*given)
    seen = left_out(disconnect)
    expect.equal(
        (getattr(seen, "code", None), getattr(seen, "reason", None)),
        (getattr(wanted, "code", None), getattr(wanted, "reason", None)),
        f"(code, reason) of {call}, as of WebSocketDisconnect{given!r}",
    )


@pytest.mark.clause("SIG-9")
@pytest.mark.anyio
async def test_websocket_close_takes_the_defaults_it_shows(binding: Binding) -> None:
    # The suite runs this test only where WebSocketClose exists.
    close_app = cast("Callable[..., wsproto_api.ASGIApp]", binding.WebSocketClose)
    peer = Peer(CONNECT)
    with support.arrange("CLOSE-5", "WebSocketClose(1000, None)"):
        await close_app(1000, None)(make_scope(), peer.receive, peer.send)
    default_peer = Peer(CONNECT)
    await close_app()(make_scope(), default_peer.receive, default_peer.send)
    expect.sent(default_peer, peer.sent, "messages sent by WebSocketClose(), as by WebSocketClose(1000, None)")


@pytest.mark.clause("SIG-6")
@pytest.mark.anyio
async def test_send_takes_its_message_by_keyword(binding: Binding) -> None:
    await check_keywords_do_what_positions_do(binding, "send(message=...)")


async def _deny(scope: Scope, receive: Receive, send: Send) -> None:
    """A denial response: a start and the whole body."""
    await send(dict(support.START))
    await send(dict(support.BODY_END))


@pytest.mark.clause("SIG-7")
@pytest.mark.anyio
async def test_send_denial_response_takes_its_response_by_keyword(binding: Binding) -> None:
    # The response is a plain async function: one the binding refuses for being a function is DENY-2's.
    await support.functions_run(binding)
    peer, ws = support.connected(binding, CONNECT, scope=support.scope_with_denial())
    with support.arrange("DENY-9", "send_denial_response(app) with its argument by position"):
        await ws.send_denial_response(_deny)
    keyword_peer, keyword_ws = support.connected(binding, CONNECT, scope=support.scope_with_denial())
    await keyword_ws.send_denial_response(response=_deny)
    expect.sent(keyword_peer, peer.sent, "messages sent by send_denial_response(response=app), as by position")
