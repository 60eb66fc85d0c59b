"""``python -m conformance --static``: the static tier, judged against SPEC.md's TYPE clauses."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conformance import cli
from conformance.deviations import read_deviations, read_tier_deviations
from conformance.spec import SPEC_PATH, parse_spec

ROOT = Path(__file__).resolve().parent.parent
STARLETTE_DEVIATIONS = ROOT / "conformance" / "deviations" / "starlette-1.10.txt"
SPEC = parse_spec()
TYPE_CLAUSES = SPEC.static_clauses


def typed_departures() -> set[str]:
    """The WebSocket members SPEC.md's "Typed departures" paragraph says Starlette 1.10 fails at."""
    text = " ".join(SPEC_PATH.read_text(encoding="utf-8").split())
    paragraph = text.partition("Typed departures:")[2]
    members = re.search(r"at exactly these members: (.*?);", paragraph)
    assert members is not None, "SPEC.md's typed departures should name the members"
    # "`__init__` (through the `WebSocketFactory` protocol)": the parenthesis says how, not what.
    return set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", members.group(1))))


def static_departures() -> set[str]:
    """The TYPE clauses SPEC.md says Starlette 1.10 departs from."""
    return {cid for cid in TYPE_CLAUSES if cid in SPEC.departures}


def static_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    """Run ``--static`` in this process; its exit code, JSON report and standard output."""
    report = tmp_path / "static.json"
    code = cli.main([*args, "--static", "--json", str(report)])
    out = capsys.readouterr().out
    return code, json.loads(report.read_text(encoding="utf-8")), out


def clause(report: dict[str, Any], clause_id: str) -> dict[str, Any]:
    """The JSON report's entry for ``clause_id``."""
    found: dict[str, Any] = next(c for c in report["clauses"] if c["id"] == clause_id)
    return found


def named_members(detail: str) -> set[str]:
    """The members a TYPE clause's detail lists, one a line after its first."""
    return {line.split(":")[0].strip() for line in detail.splitlines()[1:]}


def test_spec_defines_the_type_clauses_apart_from_the_runtime_ones() -> None:
    assert list(TYPE_CLAUSES) == ["TYPE-1", "TYPE-2", "TYPE-3", "TYPE-4"]
    assert not set(TYPE_CLAUSES) & set(SPEC.runtime_clauses), "a normal run must not judge the TYPE clauses"
    assert static_departures() == {"TYPE-1", "TYPE-2"}


def test_reference_conforms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "wsproto_api.reference")
    assert code == 0, out
    assert [c["id"] for c in report["clauses"]] == list(TYPE_CLAUSES)
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}
    assert report["summary"]["MUST"] == {"passed": len(TYPE_CLAUSES), "failed": 0, "deviation": 0}
    assert "static tier (mypy)" in out


def test_starlette_fails_exactly_at_the_typed_departures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets")
    assert code == 1, out
    failed = {c["id"] for c in report["clauses"] if c["outcome"] == "failed"}
    assert failed == static_departures()
    websocket = clause(report, "TYPE-1")["detail"]
    assert named_members(websocket) == typed_departures() == {"__init__", "url", "send_denial_response"}
    for line in websocket.splitlines()[1:]:
        assert "Expected: " in line, line
        assert " / Got: " in line, line
    assert re.search(r"send_denial_response: mismatch; Expected: .*(?:ASGI|Callable).* / Got: .*Response", websocket)
    # The URL is not a str: the str members are missing, and methods returning a URL differ.
    url = named_members(clause(report, "TYPE-2")["detail"])
    assert {"__len__", "startswith", "encode", "include_query_params"} <= url
    assert {"scheme", "port", "path"}.isdisjoint(url)
    assert "TYPE-1 (MUST) failed: members not matching the contract: __init__, url, send_denial_response" in out


def test_starlette_with_its_deviations_file_conforms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets", "--deviations", str(STARLETTE_DEVIATIONS))
    assert code == 0, out
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "deviation"} == static_departures()
    assert out.endswith(f"starlette.websockets: conforms, with {len(static_departures())} listed deviations\n")


def test_deviations_file_serves_both_tiers() -> None:
    assert (
        read_tier_deviations(STARLETTE_DEVIATIONS, SPEC.clauses.keys(), SPEC.static_clauses.keys())
        == static_departures()
    )
    # A normal run reads the same file and judges only the runtime clauses among them.
    assert read_deviations(STARLETTE_DEVIATIONS, SPEC.clauses.keys()) == set(SPEC.departures)


def test_a_static_deviation_that_passes_is_stale(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deviations = tmp_path / "deviations.txt"
    deviations.write_text("URL-1\nTYPE-3\n", encoding="utf-8")
    code, report, out = static_run(capsys, tmp_path, "wsproto_api.reference", "--deviations", str(deviations))
    assert code == 1, out
    assert "stale deviations file: TYPE-3 now pass" in out
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}


def test_untyped_binding_is_reported_member_by_member(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "tests.bindings.untyped")
    assert code == 1, out
    websocket = clause(report, "TYPE-1")["detail"]
    for member in ("__init__", "url", "send_text"):
        assert f"\n      {member}: untyped" in websocket, websocket
    url = clause(report, "TYPE-2")["detail"].splitlines()[1:]
    assert url, "an untyped url leaves every URL member unchecked"
    assert all(": untyped" in line for line in url), url
    assert "\n      scope: missing" in websocket


def test_missing_checker_is_exit_code_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "locate_checker", lambda checker: None)
    assert cli.main(["wsproto_api.reference", "--static", "--checker", "pyright"]) == cli.USAGE_ERROR
    captured = capsys.readouterr()
    assert captured.err == "conformance: error: --checker pyright: pyright is not installed\n"
    assert captured.out == ""


def test_pyright_names_the_same_starlette_members(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets", "--checker", "pyright")
    assert code == 1, out
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "failed"} == static_departures()
    assert named_members(clause(report, "TYPE-1")["detail"]) == typed_departures()


def test_a_binding_typed_by_stubs_is_not_untyped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unannotated module whose .pyi re-exports the reference: the checker reads the stub.
    package = tmp_path / "stubbed_binding"
    package.mkdir()
    (package / "__init__.py").write_text(
        "class WebSocket:\n    def __init__(self, scope, receive=None, send=None):\n        pass\n"
        "class WebSocketDisconnect(Exception):\n    pass\n",
        encoding="utf-8",
    )
    (package / "__init__.pyi").write_text(
        "from wsproto_api.reference import WebSocket as WebSocket, WebSocketDisconnect as WebSocketDisconnect\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    code, report, out = static_run(capsys, tmp_path, "stubbed_binding")
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}
    assert "untyped" not in out, out
    assert code == 0, out
