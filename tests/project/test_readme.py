"""The README's promises: two Quick start commands, CI runs the second, its examples run, its numbers hold."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Awaitable, Callable
from typing import cast

import pytest

from conformance.peer import CONNECT, DEFAULT_ACCEPT, Peer, disconnect, make_scope, text
from conformance.plugin import SUITE_DIR
from conformance.spec import parse_spec
from tests.catalogue import FAULTS
from tests.paths import ROOT
from tests.reference.test_differential import SCOPES
from tests.reference.test_state_model import SEQUENCES
from wsproto_api.asgi import Receive, Scope, Send
from wsproto_api.reference import WebSocket

README = (ROOT / "README.md").read_text(encoding="utf-8")
SPEC = parse_spec()


def _quick_start_commands() -> list[str]:
    match = re.search(r"^## Quick start\n.*?```bash\n(.*?)```", README, re.S | re.M)
    assert match, "README has no Quick start block"
    return [line for line in match[1].splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, re.S)


def test_quick_start_holds_exactly_two_commands() -> None:
    assert len(_quick_start_commands()) == 2


def test_ci_runs_the_quick_start_test_command() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert _quick_start_commands()[1] in ci_lines


@pytest.mark.anyio
@pytest.mark.clause("ITER-1", "ITER-2")
async def test_readme_echo_app_runs() -> None:
    namespace: dict[str, object] = {}
    exec(compile(_python_blocks()[0], "README.md", "exec"), namespace)
    app = cast(Callable[[Scope, Receive, Send], Awaitable[None]], namespace["app"])
    peer = Peer(CONNECT, text("a"), text("b"), disconnect(1001))
    await app(make_scope(), peer.receive, peer.send)
    assert peer.sent == [
        {"type": "websocket.accept", "subprotocol": None, "headers": []},
        {"type": "websocket.send", "text": "Message text was: a"},
        {"type": "websocket.send", "text": "Message text was: b"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]


@pytest.mark.anyio
@pytest.mark.clause("JSON-8", "URL-8")
async def test_readme_handler_example_runs() -> None:
    namespace: dict[str, object] = {}
    exec(compile(_python_blocks()[1], "README.md", "exec"), namespace)
    chat = cast(Callable[[WebSocket], Awaitable[None]], namespace["chat"])
    peer = Peer(CONNECT, text("hi"), disconnect(1001))
    await chat(WebSocket(make_scope(path="/room"), peer.receive, peer.send))
    assert peer.sent == [DEFAULT_ACCEPT, {"type": "websocket.send", "text": '{"echo":"hi","path":"/room"}'}]


def test_echo_example_runs_end_to_end() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "echo.py")], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "sent 'Hello, world!', got 'Message text was: Hello, world!'",
        "sent '안녕하세요', got 'Message text was: 안녕하세요'",
    ]


def test_json_report_example_is_starlettes_summary() -> None:
    example = re.search(r"```json\n(.*?)```", README, re.S)
    assert example, "README has no JSON report example"
    summary = json.loads(example[1])["summary"]
    runtime = SPEC.runtime_clauses
    must = [c for c in runtime.values() if c.level == "MUST"]
    should = [c for c in runtime.values() if c.level == "SHOULD"]
    departures = [level for cid, level in SPEC.departures.items() if cid in runtime]
    failed = {level: departures.count(level) for level in ("MUST", "SHOULD")}
    # ERR-1 and ERR-2 are blocked: their refusal tests of CONN-2 need a connection built without
    # channels, which Starlette refuses (CONN-2, a departure).
    blocked = {"MUST": 0, "SHOULD": 2}
    others = {"deviation": 0, "stale-deviation": 0, "skipped": 0, "not-judged": 0}
    assert summary == {
        level: {"passed": len(clauses) - failed[level] - blocked[level], "failed": failed[level]}
        | others
        | {"blocked": blocked[level], "absent": 0}
        for level, clauses in (("MUST", must), ("SHOULD", should))
    }
    verdict = json.loads(example[1])["verdict"]
    failing = [cid for cid, level in SPEC.departures.items() if cid in runtime and level == "MUST"]
    assert verdict["text"] == "does not conform: " + ", ".join(failing) + " failed; ERR-1, ERR-2 not judged"


def test_starlette_table_lists_the_departures() -> None:
    section = re.search(r"^## What Starlette 1.10 misses\n(.*?)^## ", README, re.S | re.M)
    assert section, "README has no section on what Starlette 1.10 misses"
    rows = re.findall(r"^\| ([A-Z]+-\d+) \| (MUST|SHOULD) \|", section[1], re.M)
    assert dict(rows) == SPEC.departures
    assert len(rows) == len(SPEC.departures)


def _section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match[1]


def _numbers(pattern: str, text: str) -> list[int]:
    """Every number the README writes where ``pattern``'s group is, read without its commas."""
    found = [int(number.replace(",", "")) for number in re.findall(pattern, " ".join(text.split()))]
    assert found, f"README says nothing matching {pattern!r}"
    return found


def test_catalogue_size_is_the_catalogues() -> None:
    section = _section("How the project checks itself")
    assert _numbers(r"([\d,]+) copies of the", section) == [len(FAULTS)]
    rejected = re.findall(r"broken-implementation catalogue: ([\d,]+) of ([\d,]+) rejected", section)
    assert rejected == [(str(len(FAULTS)), str(len(FAULTS)))]


def test_generated_counts_are_the_tests() -> None:
    section = _section("How the project checks itself")
    assert _numbers(r"([\d,]+) generated scopes", section) == [SCOPES]
    assert _numbers(r"([\d,]+) random sequences", section) == [SEQUENCES]


class _Collected:
    """Counts the tests a pytest session collects."""

    count: int | None = None

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.count = len(session.items)


def test_suite_size_is_the_suites() -> None:
    # Collected, not run: the same tests ``python -m conformance`` runs on both backends, at a
    # fraction of the cost of running them.
    collected = _Collected()
    args = ["-p", "conformance", "-p", "no:cacheprovider", "-c", os.devnull, "--rootdir", str(SUITE_DIR.parent)]
    args += ["--ws-binding", "wsproto_api.reference", "--ws-backend", "all", "--collect-only", "-p", "no:terminal"]
    # A collect-only session judges nothing, so the plugin fails it: the count is what matters here.
    assert pytest.main([str(SUITE_DIR), *args], plugins=[collected]) == pytest.ExitCode.TESTS_FAILED
    assert collected.count
    section = _section("Checking a backend: the conformance suite")
    assert _numbers(r"on both backends \(([\d,]+) tests\)", section) == [collected.count]
