"""The bindings of other frameworks that the package ships: each loads, and a whole run judges every clause.

Their verdicts are the frameworks' own; what is checked here is that the suite judges code it
was not written against to the end, with a complete report, whatever each framework does, and
blames no clause for a member its rule does not name or a call its signature clause judges.
The frameworks of the extra that hand out another framework's classes are checked by
identity instead.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any, Final

import esmerald.websockets
import pytest
import ravyn.websockets
import trio
from falcon.asgi import WebSocket as FalconWebSocket
from lilya.websockets import WebSocketDisconnect as LilyaWebSocketDisconnect

from conformance.binding import load_binding
from conformance.bindings import falcon as falcon_binding
from conformance.bindings import quart as quart_binding
from conformance.ecosystem.frameworks import FRAMEWORKS, Framework, Reexport, reexport_holds
from conformance.ecosystem.results import read_results
from conformance.peer import CONNECT, Peer, ScriptExhausted, binary, disconnect, make_scope, text
from conformance.spec import parse_spec
from tests.paths import ROOT
from tests.processes import run_module

SPEC = parse_spec()
BINDINGS = sorted(path.stem for path in (ROOT / "conformance" / "bindings").glob("*.py") if path.stem != "__init__")


def test_every_framework_of_the_report_with_classes_of_its_own_has_a_binding() -> None:
    bound = sorted(f.binding.rpartition(".")[2] for f in FRAMEWORKS if f.binding.startswith("conformance.bindings."))
    assert bound == BINDINGS
    assert [f.binding for f in FRAMEWORKS if f.name not in BINDINGS] == ["starlette.websockets"]


REEXPORTS = [(reexport, framework) for framework in FRAMEWORKS for reexport in framework.reexported_by]


@pytest.mark.parametrize(("reexport", "framework"), REEXPORTS, ids=[r.title for r, _ in REEXPORTS])
def test_a_framework_without_a_binding_hands_out_a_bound_frameworks_classes(
    reexport: Reexport, framework: Framework
) -> None:
    # The very classes, not copies: the bound framework's verdict is this one's too.
    ours = importlib.import_module(framework.binding)
    for theirs, name in reexport.identities:
        module, _, attribute = theirs.rpartition(".")
        assert getattr(importlib.import_module(module), attribute) is getattr(ours, name), theirs
    assert reexport_holds(reexport, framework.binding)


def test_a_reexport_that_no_longer_holds_is_found() -> None:
    wrong = Reexport("Nobody", "nobody", (("starlette.websockets.WebSocket", "WebSocketDisconnect"),))
    assert not reexport_holds(wrong, "starlette.websockets")


@pytest.mark.parametrize("framework", [esmerald.websockets, ravyn.websockets], ids=["esmerald", "ravyn"])
def test_esmerald_and_ravyn_connections_raise_lilyas_disconnect_not_their_own(framework: ModuleType) -> None:
    # Their WebSocketDisconnect subclasses Lilya's, but their WebSocket is Lilya's and raises
    # Lilya's: catching theirs misses a disconnect, so they are shown by identity, not bound.
    assert issubclass(framework.WebSocketDisconnect, LilyaWebSocketDisconnect)
    peer = Peer({"type": "websocket.connect"}, {"type": "websocket.disconnect", "code": 1001})

    async def receive_after_disconnect() -> None:
        ws = framework.WebSocket(make_scope(), peer.receive, peer.send)
        await ws.accept()
        await ws.receive_text()

    with pytest.raises(LilyaWebSocketDisconnect) as raised:
        asyncio.run(receive_after_disconnect())
    assert not isinstance(raised.value, framework.WebSocketDisconnect)


_NO_ATTRIBUTE: Final = re.compile(r"AttributeError: (?!'(?:NoneType|bytes)' object).*?has no attribute '(?P<name>\w+)'")
"""A member missing from the binding's objects; not from ``None``, which a test passes as a bad scope,
nor from ``bytes``, which a framework that wants another type for a value the rule gives as
``bytes`` (Falcon's ``str`` accept headers) looks up on it."""
_BAD_CALL: Final = re.compile(r"TypeError: .*?(?P<name>\w+)\(\) (?:got|missing|takes)")
_CONSTRUCTORS: Final = frozenset({"WebSocket", "WebSocketDisconnect", "WebSocketClose"})
"""The binding's classes a rule may call; a mismatch in ``__init__`` is the class's."""


def named_by_rule(clause_id: str) -> frozenset[str]:
    """The identifiers that a clause's rule writes as code: the members it names."""
    return SPEC.clauses[clause_id].names


def cascades(report: dict[str, Any]) -> list[str]:
    """The failed clauses whose first failure is a missing member or a bad call their rule does not name."""
    found: list[str] = []
    for clause in report["clauses"]:
        if clause["outcome"] not in ("failed", "deviation"):
            continue
        match = _NO_ATTRIBUTE.search(clause["detail"]) or _BAD_CALL.search(clause["detail"])
        named = named_by_rule(clause["id"])
        if match is not None and match["name"] == "__init__" and named & _CONSTRUCTORS:
            continue  # a constructor called as the rule calls it: the rule names the class
        if match is not None and match["name"] not in named:
            found.append(f"{clause['id']}: {clause['detail'][:200]}")
    return found


def test_the_cascade_check_finds_a_member_the_rule_does_not_name() -> None:
    detail = "AttributeError: 'WebSocket' object has no attribute 'client_state' [suite/test_accept.py::t]"
    assert cascades({"clauses": [{"id": "ACCEPT-1", "outcome": "failed", "detail": detail}]}) == [f"ACCEPT-1: {detail}"]
    named = detail.replace("client_state", "receive_text")
    assert cascades({"clauses": [{"id": "RECV-1", "outcome": "failed", "detail": named}]}) == []
    # A scope of None is the test's bad input, not a member the binding lacks.
    bad_scope = "saw AttributeError: 'NoneType' object has no attribute 'get' [suite/test_conn.py::t]"
    assert cascades({"clauses": [{"id": "CONN-8", "outcome": "failed", "detail": bad_scope}]}) == []
    # Nor are the bytes the rule gives, which a framework took for another type.
    bytes_header = "AttributeError: 'bytes' object has no attribute 'encode' [suite/test_accept.py::t]"
    assert cascades({"clauses": [{"id": "ACCEPT-3", "outcome": "failed", "detail": bytes_header}]}) == []


KEPT = read_results(ROOT / "ecosystem" / "results.json")
"""What ECOSYSTEM.md was written from: each whole run below must find the same."""


@pytest.mark.parametrize("name", [f.name for f in FRAMEWORKS])
def test_a_whole_run_judges_every_clause_without_cascades(name: str, tmp_path: Path) -> None:
    binding = next(f.binding for f in FRAMEWORKS if f.name == name)
    load_binding(binding)
    report_path = tmp_path / "report.json"
    result = run_module("conformance", binding, "--json", str(report_path), cwd=tmp_path)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert result.returncode in (0, 1), result.stdout[-2000:] + result.stderr
    assert report["verdict"]["exit_code"] == result.returncode
    assert [c["id"] for c in report["clauses"]] == list(SPEC.runtime_clauses)
    # Every clause has a verdict of its own, or names the clauses that blocked it.
    assert "not-judged" not in {c["outcome"] for c in report["clauses"]}
    assert all(c["blocked_by"] for c in report["clauses"] if c["outcome"] == "blocked")
    assert cascades(report) == []
    # ECOSYSTEM.md shows what this run found: regenerate it (python -m conformance.ecosystem) when it changes.
    assert {c["id"]: c["outcome"] for c in report["clauses"]} == KEPT.frameworks[name].tiers["runtime"].outcomes
    # The summary opens with the causes: the members, the features, the clauses to fix first.
    lines = result.stdout.splitlines()
    assert lines[1].startswith("  members: ")
    assert lines[2].startswith("  features: ")
    if any(c["outcome"] == "blocked" for c in report["clauses"]):
        assert lines[3].startswith("  fix first: ")


@pytest.mark.parametrize(("spec_version", "accept_headers"), [(None, False), ("2.0", False), ("2.4", True)])
def test_falcon_is_built_as_its_app_builds_it_inside_a_running_loop(
    spec_version: str | None, accept_headers: bool
) -> None:
    asgi = {"version": "3.0"} if spec_version is None else {"version": "3.0", "spec_version": spec_version}
    scope = dict(make_scope(asgi=asgi))
    peer = Peer()

    async def build() -> FalconWebSocket:
        return falcon_binding.WebSocket(scope=scope, receive=peer.receive, send=peer.send)

    ws = asyncio.run(build())
    assert type(ws) is FalconWebSocket
    # Falcon's app passes the scope's spec version, which decides whether accept() may send headers.
    assert ws.supports_accept_headers is accept_headers


def test_quart_cancels_the_handler_when_the_client_leaves_as_its_app_does() -> None:
    peer = Peer(CONNECT, text("a"), disconnect())

    async def handler() -> list[object]:
        ws = quart_binding.WebSocket(dict(make_scope()), peer.receive, peer.send)
        await ws.accept()
        received: list[object] = [await ws.receive()]
        try:
            received.append(await ws.receive())
        except asyncio.CancelledError:
            received.append("cancelled")
        return received

    # The app cancels the handler a step after its receiving task returns: a message already
    # put on the queue is still read.
    assert asyncio.run(handler()) == ["a", "cancelled"]


def test_quart_waits_past_the_script_and_raises_the_peers_error_where_the_handler_reads_past_it() -> None:
    peer = Peer(CONNECT, binary(b"x"))

    async def handler() -> tuple[object, str]:
        ws = quart_binding.WebSocket(dict(make_scope()), peer.receive, peer.send)
        first = await ws.receive()
        await asyncio.sleep(0.01)  # the receiving task has read past the script: nothing is cancelled
        try:
            await ws.receive()
        except ScriptExhausted as error:
            return first, type(error).__name__
        return first, "nothing raised"

    assert asyncio.run(handler()) == (b"x", "ScriptExhausted")


def test_quart_cancels_no_task_whose_handler_has_returned() -> None:
    # A task that runs one handler after another (as a test runner's does) is not cancelled
    # for a connection whose handler returned before the client left.
    peer = Peer(CONNECT, block_when_empty=True)
    cancelled: list[bool] = []

    async def first() -> None:
        ws = quart_binding.WebSocket(dict(make_scope()), peer.receive, peer.send)
        await ws.accept()

    async def second() -> None:
        peer.push(disconnect())
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def runner() -> None:
        await first()
        await second()

    asyncio.run(runner())
    assert cancelled == []


def test_quart_is_built_outside_a_loop_and_served_on_asyncio_only() -> None:
    # Built outside an event loop, it shows what Quart's app builds from the scope.
    ws = quart_binding.WebSocket(dict(make_scope(headers=[(b"host", b"example.org")])), Peer().receive, Peer().send)
    assert ws.headers["host"] == "example.org"
    with pytest.raises(RuntimeError, match="no running event loop"):
        ws.accept().send(None)  # its first call that talks to the client starts the app's receiving task

    async def built_on_trio() -> None:
        quart_binding.WebSocket(dict(make_scope()), Peer().receive, Peer().send)

    # Quart's app cannot start under another event loop.
    with pytest.raises(RuntimeError, match="no running event loop"):
        trio.run(built_on_trio)
