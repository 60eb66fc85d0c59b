"""Static checks of the typed contract: mypy --strict on probe modules.

The probes are written to a temporary directory and checked in one mypy run. A probe line
that must be rejected carries a trailing ``# expect-error: mypy[<error-code>]`` comment
(conformance/checkers.py reads both); every other line must be accepted, so the set of
(line, code) pairs mypy reports is compared exactly with the set the comments give.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.checkers import CheckerRun, expected_errors, run_checker
from tests.paths import ROOT

PROTOCOLS_SOURCE = ROOT / "wsproto_api" / "protocols.py"

# -- the probes --------------------------------------------------------------------------

REFERENCE_PROBE = """
from __future__ import annotations

import wsproto_api
from wsproto_api import reference


def check_factory() -> None:
    factory: wsproto_api.WebSocketFactory = reference.WebSocket


def check_websocket(ws: reference.WebSocket) -> None:
    proto: wsproto_api.WebSocket = ws


def check_construction(scope: wsproto_api.Scope, receive: wsproto_api.Receive, send: wsproto_api.Send) -> None:
    by_position: wsproto_api.WebSocket = reference.WebSocket(scope, receive, send)
    by_keyword: wsproto_api.WebSocket = reference.WebSocket(scope=scope, receive=receive, send=send)
    without_channels: wsproto_api.WebSocket = reference.WebSocket(scope)


def check_url(url: reference.URL) -> None:
    proto: wsproto_api.URL = url


def check_url_is_str(ws: reference.WebSocket) -> None:
    text: str = ws.url


def check_headers(headers: reference.Headers) -> None:
    proto: wsproto_api.Headers = headers


def check_query_params(query_params: reference.QueryParams) -> None:
    proto: wsproto_api.QueryParams = query_params


def check_address(address: reference.Address) -> None:
    proto: wsproto_api.Address = address


def check_state() -> None:
    proto: wsproto_api.ConnectionState = reference.WebSocketState.CONNECTED
"""

STARLETTE_PROBE = """
from __future__ import annotations

import starlette.datastructures
import starlette.websockets

import wsproto_api


def check_factory() -> None:
    factory: wsproto_api.WebSocketFactory = starlette.websockets.WebSocket  # expect-error: mypy[assignment]


def check_websocket(ws: starlette.websockets.WebSocket) -> None:
    proto: wsproto_api.WebSocket = ws  # expect-error: mypy[assignment]


def check_url(url: starlette.datastructures.URL) -> None:
    proto: wsproto_api.URL = url  # expect-error: mypy[assignment]


def check_headers(headers: starlette.datastructures.Headers) -> None:
    proto: wsproto_api.Headers = headers


def check_query_params(query_params: starlette.datastructures.QueryParams) -> None:
    proto: wsproto_api.QueryParams = query_params


def check_address(address: starlette.datastructures.Address) -> None:
    proto: wsproto_api.Address = address


def check_state() -> None:
    proto: wsproto_api.ConnectionState = starlette.websockets.WebSocketState.CONNECTED


def check_url_components(url: starlette.datastructures.URL) -> None:
    # The URL protocol without its str members (generated from wsproto_api/protocols.py):
    # Starlette's URL departs from the contract only by not being a str (URL-1).
    proto: URLComponents = url
"""

APP_PROBE = """
from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from typing import Any

from typing_extensions import assert_type

import wsproto_api


async def chat(ws: wsproto_api.WebSocket) -> None:
    await ws.accept(subprotocol="chat", headers=[(b"x-server", b"1")])
    assert_type(ws.url.path, str)
    assert_type(ws.url.startswith("ws"), bool)
    assert_type(ws.url.port, int | None)
    assert_type(ws.url.hostname, str | None)
    assert_type(ws.url.is_secure, bool)
    assert_type(ws.url.replace(path="/other"), wsproto_api.URL)
    assert_type(ws.url.replace("ws", "wss"), str)
    assert_type(ws.url.include_query_params(page=2), wsproto_api.URL)
    assert_type(ws.headers.getlist("x"), list[str])
    assert_type(ws.headers["x"], str)
    assert_type(ws.headers.get("x"), str | None)
    assert_type(ws.headers.get("x", ""), str)
    assert_type(ws.query_params.getlist("a"), list[str])
    assert_type(ws.query_params.multi_items(), Collection[tuple[str, str]])
    assert_type(ws.headers.keys(), Collection[str])
    assert_type(ws.headers.items(), Collection[tuple[str, str]])
    assert_type(ws.query_params.get("a", None), str | None)
    assert_type(ws.client, wsproto_api.Address | None)
    assert_type(ws.cookies, dict[str, str])
    assert_type(ws.client_state.name, str)
    assert_type(ws["path"], Any)
    assert_type(ws.get("path"), Any | None)
    assert_type("path" in ws, bool)
    assert_type(list(ws.keys()), list[str])
    assert_type(dict(ws), dict[str, Any])
    assert_type(str(ws.url), str)
    assert_type(ws.iter_text(), AsyncIterator[str])
    assert_type(ws.iter_bytes(), AsyncIterator[bytes])
    assert_type(ws.iter_json(), AsyncIterator[Any])
    assert_type(await ws.receive_json(), Any)
    assert_type(await ws.receive_json(mode="binary"), Any)
    assert_type(await ws.receive_text(), str)
    assert_type(await ws.receive_bytes(), bytes)
    assert_type(await ws.receive(), wsproto_api.Message)
    await ws.send_json({"a": 1}, mode="binary")
    await ws.send({"type": "websocket.send", "text": "raw"})
    async for m in ws.iter_text():
        assert_type(m, str)
        await ws.send_text(m.upper())
    await ws.close(code=4000, reason="bye")


async def deny(ws: wsproto_api.WebSocket, app: wsproto_api.ASGIApp) -> None:
    await ws.send_denial_response(app)


async def misuse(ws: wsproto_api.WebSocket) -> None:
    await ws.send_json({"a": 1}, mode="xml")  # expect-error: mypy[arg-type]
    await ws.receive_json(mode="xml")  # expect-error: mypy[arg-type]
    await ws.send_bytes("text")  # expect-error: mypy[arg-type]
    await ws.send_text(b"bytes")  # expect-error: mypy[arg-type]
    ws.headers["x"] = "y"  # expect-error: mypy[index]
    del ws.headers["x"]  # expect-error: mypy[attr-defined]
    ws.query_params["x"] = "y"  # expect-error: mypy[index]
    ws.query_params.multi_items()[0]  # expect-error: mypy[index]
    port: int = ws.url.port  # expect-error: mypy[assignment]
    async for data in ws.iter_bytes():
        text: str = data  # expect-error: mypy[assignment]
"""

PROBES = {
    "probe_reference": REFERENCE_PROBE,
    "probe_starlette": STARLETTE_PROBE,
    "probe_app": APP_PROBE,
}


def url_components_protocol() -> str:
    """The URL protocol of protocols.py without its ``str`` members, as source code.

    Members that ``str`` also has are dropped, except that ``replace`` keeps its URL
    overload (the keyword-only one); the protocol's own name is renamed so that derived
    URLs must again be URL components.
    """
    module = ast.parse(PROTOCOLS_SOURCE.read_text(encoding="utf-8"))
    url_class = next(node for node in module.body if isinstance(node, ast.ClassDef) and node.name == "URL")
    body: list[ast.stmt] = []
    for node in url_class.body:
        if not isinstance(node, ast.FunctionDef):
            continue
        if node.name == "replace":
            if node.args.args[1:] or node.args.posonlyargs[1:]:
                continue  # the str.replace overload
            node.decorator_list = [
                d for d in node.decorator_list if not (isinstance(d, ast.Name) and d.id == "overload")
            ]
        elif hasattr(str, node.name):
            continue
        body.append(node)
    assert {node.name for node in body if isinstance(node, ast.FunctionDef)} >= {"scheme", "port", "replace"}
    url_class.name = "URLComponents"
    url_class.decorator_list = []
    url_class.body = body
    for child in ast.walk(url_class):
        if isinstance(child, ast.Name) and child.id == "URL":
            child.id = "URLComponents"
    header = "from collections.abc import Sequence\nfrom typing import Any, Protocol, SupportsIndex, overload\n\n\n"
    return header + ast.unparse(url_class) + "\n"


@dataclass
class MypyRun:
    """One mypy run over every probe, and what the probes expect."""

    run: CheckerRun
    directory: Path
    expected: dict[str, set[tuple[int, str]]]
    sources: dict[str, list[str]]

    @property
    def output(self) -> str:
        return self.run.report()

    def path(self, probe: str) -> Path:
        return self.directory / f"{probe}.py"

    def errors(self, probe: str) -> set[tuple[int, str]]:
        return self.run.errors_in(self.path(probe))

    def notes(self, probe: str, line: int) -> list[str]:
        return self.run.notes_at(self.path(probe), line)

    def elsewhere(self) -> list[str]:
        """What mypy reports about files other than the probes."""
        probes = {self.path(probe).resolve() for probe in self.sources}
        return [d.describe() for d in self.run.diagnostics if d.path not in probes]

    def line_of(self, probe: str, fragment: str) -> int:
        matches = [n for n, text in enumerate(self.sources[probe], start=1) if fragment in text]
        assert len(matches) == 1, f"{fragment!r} should occur once in {probe}"
        return matches[0]


@pytest.fixture(scope="module")
def mypy_run(tmp_path_factory: pytest.TempPathFactory) -> MypyRun:
    """Run mypy --strict once over every probe."""
    directory = tmp_path_factory.mktemp("typing_probes")
    config = directory / "mypy.ini"
    # An own config: the project's settings do not apply, and the package is found by
    # path (mypy cannot follow setuptools' editable-install import hook).
    config.write_text(f"[mypy]\nmypy_path = {ROOT}\n", encoding="utf-8")
    sources = {name: textwrap.dedent(text).lstrip("\n") for name, text in PROBES.items()}
    sources["probe_starlette"] += "\n\n" + url_components_protocol()
    files: list[str] = []
    for name, text in sources.items():
        (directory / f"{name}.py").write_text(text, encoding="utf-8")
        files.append(f"{name}.py")
    arguments = [
        "--strict",
        "--config-file",
        str(config),
        "--no-incremental",
        "--cache-dir",
        str(directory / ".mypy_cache"),
        "--python-version",
        "3.11",
    ]
    return MypyRun(
        run=run_checker("mypy", files, cwd=directory, arguments=arguments),
        directory=directory,
        expected={name: expected_errors(text, "mypy") for name, text in sources.items()},
        sources={name: text.splitlines() for name, text in sources.items()},
    )


def conflicting_members(notes: list[str]) -> set[str]:
    """The member names in mypy's "Following member(s) of X have conflicts:" notes."""
    start = next(
        i for i, note in enumerate(notes) if re.fullmatch(r"Following member\(s\) of .* have conflicts:", note)
    )
    members: set[str] = set()
    expecting_signature = False
    for note in notes[start + 1 :]:
        if not note.startswith("    "):
            break
        if note == "    Expected:":
            expecting_signature = True
        elif expecting_signature and (found := re.match(r"^        def (?:\[[^\]]*\] )?(\w+)\(", note)):
            members.add(found.group(1))
            expecting_signature = False
        elif found := re.match(r"^    (\w+): expected", note):
            members.add(found.group(1))
    return members


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.clause("CONN-1", "CONN-2", "CONN-9", "URL-1", "HDR-9", "QP-6", "STATE-1", "DENY-2")
def test_reference_satisfies_every_protocol(mypy_run: MypyRun) -> None:
    assert mypy_run.expected["probe_reference"] == set()
    assert mypy_run.errors("probe_reference") == set(), mypy_run.output
    assert mypy_run.elsewhere() == [], "mypy --strict reports errors outside the probes:\n" + mypy_run.output


@pytest.mark.clause("CONN-2", "URL-1", "DENY-2", "HDR-9", "QP-6", "CONN-9", "STATE-1")
def test_starlette_fails_the_protocols_exactly_at_the_departures(mypy_run: MypyRun) -> None:
    probe = "probe_starlette"
    expected = {
        (mypy_run.line_of(probe, "WebSocketFactory = starlette.websockets.WebSocket"), "assignment"),
        (mypy_run.line_of(probe, "proto: wsproto_api.WebSocket = ws"), "assignment"),
        (mypy_run.line_of(probe, "proto: wsproto_api.URL = url"), "assignment"),
    }
    assert mypy_run.expected[probe] == expected
    assert mypy_run.errors(probe) == expected, mypy_run.output


@pytest.mark.clause("CONN-2")
def test_starlette_constructor_lacks_the_channel_defaults(mypy_run: MypyRun) -> None:
    notes = mypy_run.notes("probe_starlette", mypy_run.line_of("probe_starlette", "WebSocketFactory = starlette"))
    assert '"WebSocket" has constructor incompatible with "__call__" of "WebSocketFactory"' in notes, notes
    got = notes[notes.index("    Got:") + 1]
    assert "receive: " in got, got
    assert "send: " in got, got
    assert "= ..." not in got, got


@pytest.mark.clause("URL-1", "DENY-2")
def test_static_check_names_the_conflicting_websocket_members(mypy_run: MypyRun) -> None:
    notes = mypy_run.notes("probe_starlette", mypy_run.line_of("probe_starlette", "proto: wsproto_api.WebSocket = ws"))
    # mypy shows at most two conflicts and then "<N more conflict(s) not shown>", and lists
    # missing members separately: neither may appear for the list of names to be complete.
    assert not [note for note in notes if "more conflict(s) not shown" in note], notes
    assert not [note for note in notes if "is missing following" in note], notes
    assert conflicting_members(notes) == {"url", "send_denial_response"}, notes


@pytest.mark.clause("URL-1", "URL-8", "URL-9", "URL-10", "URL-11", "URL-12")
def test_starlette_url_departs_only_by_not_being_a_str(mypy_run: MypyRun) -> None:
    line = mypy_run.line_of("probe_starlette", "proto: URLComponents = url")
    assert [code for number, code in mypy_run.errors("probe_starlette") if number == line] == [], mypy_run.output
    assert mypy_run.notes("probe_starlette", line) == []


@pytest.mark.clause("URL-1", "URL-8", "HDR-9", "HDR-10", "QP-6", "ITER-1", "JSON-10", "JSON-3", "RECV-1", "DENY-2")
def test_protocols_type_application_code(mypy_run: MypyRun) -> None:
    probe = "probe_app"
    misuse_start = mypy_run.line_of(probe, "async def misuse(")
    handler_errors = {(line, code) for line, code in mypy_run.errors(probe) if line < misuse_start}
    assert handler_errors == set(), mypy_run.output


@pytest.mark.clause("JSON-5", "SEND-1", "SEND-2", "HDR-9", "QP-6", "URL-8", "ITER-1")
def test_protocols_reject_misuse_with_specific_codes(mypy_run: MypyRun) -> None:
    probe = "probe_app"
    assert (mypy_run.line_of(probe, 'send_json({"a": 1}, mode="xml")'), "arg-type") in mypy_run.expected[probe]
    assert (mypy_run.line_of(probe, 'send_bytes("text")'), "arg-type") in mypy_run.expected[probe]
    assert (mypy_run.line_of(probe, 'ws.headers["x"] = "y"'), "index") in mypy_run.expected[probe]
    assert mypy_run.errors(probe) == mypy_run.expected[probe], mypy_run.output
