"""``python -m conformance --live``: the LIVE clauses, judged on every installed ASGI server."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conformance import live
from conformance.binding import ENV_VAR
from conformance.cli import main
from conformance.live import process as live_process
from conformance.outcomes import ABSENT
from conformance.spec import parse_spec
from tests.paths import ROOT
from tests.processes import run_module

NOTHING_ELSE = {
    "failed": 0,
    "deviation": 0,
    "stale-deviation": 0,
    "skipped": 0,
    "not-judged": 0,
    "blocked": 0,
    "absent": 0,
}
"""The JSON summary's counts other than passed, for a level whose every clause passed."""

SPEC = parse_spec()
INSTALLED = [name for name in live.SERVERS if live.installed(name)]
WITH_DENIAL = ["uvicorn-websockets", "uvicorn-websockets-sansio", "uvicorn-wsproto", "hypercorn", "granian"]
"""The servers that offer the denial-response extension."""

SLOW_RUN = ["--server", "uvicorn-wsproto", "--json"]

README_MATRIX = re.compile(r"<!-- live-matrix -->\n(?P<table>.*?)<!-- /live-matrix -->", re.S)


def free(port: int) -> bool:
    """Whether nothing listens on ``port`` any more."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Closed connections may linger in TIME_WAIT; only a listening socket should block the port.
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", port))
        probe.listen(1)
    except OSError:
        return False
    finally:
        probe.close()
    return True


def gone(pid: int) -> bool:
    """Whether no process, not even an unreaped one, has ``pid``."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def live_run(binding: str, tmp_path: Path, *args: str) -> tuple[int, dict[str, object], str]:
    report = tmp_path / f"{binding}.json"
    markdown = tmp_path / f"{binding}.md"
    code = main([binding, "--live", "--json", str(report), "--markdown", str(markdown), *args])
    return code, json.loads(report.read_text(encoding="utf-8")), markdown.read_text(encoding="utf-8")


def rows(markdown: str) -> dict[str, list[str]]:
    """The matrix's cells by server."""
    table = [line for line in markdown.splitlines() if line.startswith("| ") and not line.startswith("| server")]
    cells = [line.strip("| ").split(" | ") for line in table if not line.startswith("| ---")]
    return {row[0]: row[2:] for row in cells}


def test_live_clauses_are_their_own_tier() -> None:
    assert list(SPEC.live_clauses) == ["LIVE-1", "LIVE-2", "LIVE-3", "LIVE-4", "LIVE-5"]
    assert not set(SPEC.live_clauses) & set(SPEC.runtime_clauses), "a normal run must not judge the LIVE clauses"
    assert set(live.CHECKS) == set(SPEC.live_clauses)


def test_every_server_is_installed_by_the_test_extra() -> None:
    assert list(live.SERVERS) == INSTALLED


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, dict[str, object], str]:
    return live_run("wsproto_api.reference", tmp_path_factory.mktemp("live"))


def test_the_reference_passes_every_live_clause_on_every_server(
    reference_run: tuple[int, dict[str, object], str],
) -> None:
    code, report, markdown = reference_run
    assert code == 0
    assert [c["id"] for c in report["clauses"]] == list(SPEC.live_clauses)  # type: ignore[union-attr]
    assert report["summary"]["MUST"] == {"passed": 5} | NOTHING_ELSE  # type: ignore[index]
    matrix = rows(markdown)
    assert list(matrix) == list(live.SERVERS)
    for name in INSTALLED:
        assert all(c.startswith("passed") for c in matrix[name]), (name, matrix[name])


def test_servers_that_pass_everything_on_get_no_note(reference_run: tuple[int, dict[str, object], str]) -> None:
    matrix = rows(reference_run[2])
    for name in ("uvicorn-websockets", "uvicorn-websockets-sansio", "uvicorn-wsproto"):
        assert matrix[name] == ["passed"] * 5
    assert matrix["daphne"][4] == f"passed ({live.NO_EXTENSION})"
    assert "as 1006 ''" in matrix["hypercorn"][2]
    # Granian offers the denial-response extension, so LIVE-5 is judged in full there.
    assert matrix["granian"][4] == "passed"
    assert "server drops accept() headers" in matrix["granian"][0]


def test_starlette_gets_the_same_matrix(reference_run: tuple[int, dict[str, object], str], tmp_path: Path) -> None:
    code, _, markdown = live_run("starlette.websockets", tmp_path)
    assert code == 0
    assert rows(markdown) == rows(reference_run[2])


def test_the_readme_matrix_is_the_tools_output(reference_run: tuple[int, dict[str, object], str]) -> None:
    found = README_MATRIX.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found is not None, "README.md has no <!-- live-matrix --> block"
    assert found["table"] == reference_run[2]


@pytest.mark.parametrize(
    ("binding", "failing", "servers"),
    [
        ("tests.bindings.drops_accept_headers", "LIVE-1", INSTALLED),
        # The route reads x alone through get(); y is seen only among every key's lookups.
        ("tests.bindings.query_params_first_pair", "LIVE-1", INSTALLED),
        ("tests.bindings.shows_missing_header_empty", "LIVE-1", INSTALLED),
        # Right on the server's first handshake, wrong on the next.
        ("tests.bindings.keeps_first_request", "LIVE-1", INSTALLED),
        ("tests.bindings.path_from_raw_path", "LIVE-1", INSTALLED),
        ("tests.bindings.query_plus_kept", "LIVE-1", INSTALLED),
        ("tests.bindings.accept_picks_offered_subprotocol", "LIVE-1", INSTALLED),
        # Daphne drops empty messages and close reasons itself: the binding still fails there.
        ("tests.bindings.drops_empty_bytes", "LIVE-2", INSTALLED),
        ("tests.bindings.drops_close_reason", "LIVE-3", INSTALLED),
        # The client reads the goodbye where it waits for the close: no server is to blame.
        ("tests.bindings.close_says_goodbye", "LIVE-3", INSTALLED),
        ("tests.bindings.accepts_before_refusing", "LIVE-4", INSTALLED),
        ("tests.bindings.loose_json", "LIVE-2", INSTALLED),
        ("tests.bindings.send_text_strips", "LIVE-2", INSTALLED),
        ("tests.bindings.never_denies", "LIVE-5", WITH_DENIAL),
        ("tests.bindings.strips_denial_response", "LIVE-5", WITH_DENIAL),
        ("tests.bindings.closes_then_refuses_denial", "LIVE-5", ["daphne"]),
        # Without multidict, LIVE-1 reads the first value; daphne delivers the values joined in one.
        ("tests.bindings.lacks_multidict_last_header", "LIVE-1", [n for n in INSTALLED if n != "daphne"]),
    ],
)
def test_a_broken_binding_fails_its_clause(binding: str, failing: str, servers: list[str], tmp_path: Path) -> None:
    code, report, markdown = live_run(binding, tmp_path)
    assert code == 1
    failed = {c["id"] for c in report["clauses"] if c["outcome"] == "failed"}  # type: ignore[union-attr]
    assert failed == {failing}
    matrix = rows(markdown)
    column = list(SPEC.live_clauses).index(failing)
    assert sorted(n for n in matrix if matrix[n][column].startswith("failed")) == sorted(servers)


def test_a_clause_of_an_absent_feature_is_absent_and_the_others_judged_as_before(
    reference_run: tuple[int, dict[str, object], str], tmp_path: Path
) -> None:
    code, report, markdown = live_run("tests.bindings.lacks_denial", tmp_path)
    assert code == 0
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}  # type: ignore[union-attr]
    assert outcomes == {
        "LIVE-1": "passed",
        "LIVE-2": "passed",
        "LIVE-3": "passed",
        "LIVE-4": "passed",
        "LIVE-5": "absent",
    }
    assert report["features"]["denial"]["status"] == "absent"  # type: ignore[index]
    matrix, reference = rows(markdown), rows(reference_run[2])
    why = "feature denial: the binding has none of send_denial_response"
    for name in INSTALLED:
        assert matrix[name][4] == ABSENT + why, (name, matrix[name])
        assert matrix[name][:4] == reference[name][:4], name


def test_without_multidict_live_1_judges_the_first_value_of_a_header(
    reference_run: tuple[int, dict[str, object], str], tmp_path: Path
) -> None:
    code, report, markdown = live_run("tests.bindings.lacks_multidict", tmp_path)
    assert code == 0
    assert report["summary"]["MUST"] == {"passed": 5} | NOTHING_ELSE  # type: ignore[index]
    matrix, reference = rows(markdown), rows(reference_run[2])
    # Daphne joins the repeated header into one value, so its note names that value alone.
    assert matrix["daphne"][0].startswith("passed (server delivered probe 'one,two, three' for 'one';")
    matrix["daphne"][0] = reference["daphne"][0]
    assert matrix == reference


def test_a_missing_server_is_reported_not_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(live.matrix, "installed", lambda name: name != "hypercorn")
    code, report, markdown = live_run("wsproto_api.reference", tmp_path)
    assert code == 0
    assert "hypercorn: LIVE-1 not installed" in capsys.readouterr().out
    assert rows(markdown)["hypercorn"] == [live.NOT_INSTALLED] * 5
    assert report["summary"]["MUST"] == {"passed": 5} | NOTHING_ELSE  # type: ignore[index]


def test_a_run_with_no_server_installed_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(live, "installed", lambda name: False)
    assert main(["wsproto_api.reference", "--live", "--server", "daphne"]) == 2
    assert "none of daphne is installed" in capsys.readouterr().err


def test_a_check_that_hangs_leaves_the_next_clause_a_new_server() -> None:
    # The hanging binding's url spins forever, which blocks the server's event loop for good.
    matrix = live.run_live("tests.bindings.hanging", ["uvicorn-wsproto"], ["LIVE-1", "LIVE-2"])
    row = matrix["uvicorn-wsproto"]
    assert row["LIVE-1"].kind == "failed"
    assert "timed out" in row["LIVE-1"].message or "recorded nothing" in row["LIVE-1"].message
    assert row["LIVE-2"].kind == "passed", row["LIVE-2"].message


@pytest.mark.parametrize(
    ("binding", "server", "failing", "said"),
    [
        # uvicorn's websockets implementation ends the response when the app returns: the
        # client sees it whole, though the binding left it open.
        ("tests.bindings.denial_body_left_open", "uvicorn-websockets", "LIVE-5", "'more_body': True"),
        # The client gets x-accepted as it should; the header added besides is the binding's.
        ("tests.bindings.accept_adds_a_header", "uvicorn-websockets", "LIVE-1", "['x-powered-by', 'probe']"),
        # Hypercorn closes with 4001 and uvicorn answers 418 for the floats all the same.
        ("tests.bindings.sends_float_numbers", "hypercorn", "LIVE-3", "'code': 4001.0"),
        ("tests.bindings.sends_float_numbers", "uvicorn-websockets", "LIVE-5", "'status': 418.0"),
        # The header dropped is the last the client sends, never the one the route asks for.
        ("tests.bindings.headers_wrong_past_two", "uvicorn-websockets", "LIVE-1", "did not deliver: headers "),
        # The client waits for the close, and passes over the welcome.
        ("tests.bindings.accept_says_welcome", "uvicorn-websockets", "LIVE-1", "'type': 'websocket.send'"),
        # uvicorn sends the bytes, which the client parses as the JSON it sent.
        ("tests.bindings.json_sends_both_payloads", "uvicorn-websockets", "LIVE-2", "exactly one of text and bytes"),
    ],
)
def test_a_binding_wrong_where_the_client_sees_nothing_amiss_fails(
    binding: str, server: live.ServerName, failing: str, said: str
) -> None:
    matrix = live.run_live(binding, [server], [failing])
    result = matrix[server][failing]
    assert result.kind == "failed", result.message
    assert said in result.message


def test_what_follows_a_refused_denial_response_is_not_live_5s() -> None:
    # Daphne lacks the extension: the route's close() then raises, and daphne answers the
    # handshake with no HTTP response at all. Neither is LIVE-5's to judge.
    matrix = live.run_live("tests.bindings.denial_refusal_breaks_close", ["daphne"], ["LIVE-5"])
    result = matrix["daphne"]["LIVE-5"]
    assert result.kind == "passed", result.message
    assert result.message == live.NO_EXTENSION


def test_an_unknown_server_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["wsproto_api.reference", "--live", "--server", "gunicorn"]) == 2
    assert "--server 'gunicorn'" in capsys.readouterr().err


def test_a_server_that_cannot_start_fails_every_clause_and_says_why() -> None:
    matrix = live.run_live("tests.bindings.import_fails", ["uvicorn-wsproto"], SPEC.live_clauses)
    for result in matrix["uvicorn-wsproto"].values():
        assert result.kind == "failed"
        assert "exited with status 1 while starting" in result.message
        assert "this backend needs a configured event loop" in result.message


@pytest.mark.parametrize("name", INSTALLED)
def test_a_server_is_stopped_and_its_port_freed(name: live.ServerName) -> None:
    with live.serve(name, "wsproto_api.reference") as server:
        assert not free(server.port), f"{name} is not listening"
        assert live.CHECKS["LIVE-4"](server) == []
    assert server.process.returncode is not None
    assert free(server.port)


def test_an_interrupted_run_stops_the_server() -> None:
    with pytest.raises(KeyboardInterrupt), live.serve("uvicorn-wsproto", "wsproto_api.reference") as server:
        raise KeyboardInterrupt
    assert server.process.returncode is not None
    assert free(server.port)


def test_a_server_whose_reader_fails_to_start_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stopping signal's KeyboardInterrupt, raised inside threading's lock handling while the
    # reader thread starts, can come out as this RuntimeError: the server started must still stop.
    started: list[subprocess.Popen[bytes]] = []
    popen = subprocess.Popen

    def recording_popen(*args: object, **kwargs: object) -> subprocess.Popen[bytes]:
        process: subprocess.Popen[bytes] = popen(*args, **kwargs)  # type: ignore[call-overload]
        started.append(process)
        return process

    def failing_start(self: object) -> None:
        raise RuntimeError("release unlocked lock")

    monkeypatch.setattr(live_process.subprocess, "Popen", recording_popen)
    monkeypatch.setattr(live_process.threading.Thread, "start", failing_start)
    starting = live.serve("uvicorn-wsproto", "wsproto_api.reference")
    with pytest.raises(RuntimeError, match="release unlocked lock"), starting:
        pass
    [server] = started
    assert server.returncode is not None, "the server was left running"


def slow_run(report: Path, *options: str) -> tuple[subprocess.Popen[str], int, int]:
    """A live run of a binding that takes 30 s to accept, once its server is up: the run, port, pid."""
    environment = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    run = subprocess.Popen(
        [sys.executable, "-m", "conformance", "tests.bindings.slow_accept", "--live", *options, *SLOW_RUN, str(report)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert run.stdout is not None
    announced = ""
    for line in run.stdout:
        if "serving on" in line:
            announced = line
            break
    found = re.search(r"127\.0\.0\.1:(\d+) \(pid (\d+)\)", announced)
    assert found is not None, announced
    # The first check is under way, waiting on the slow accept, from here on.
    time.sleep(0.5)
    return run, int(found[1]), int(found[2])


def test_killing_a_server_mid_check_fails_that_clause_and_the_next_gets_a_new_server(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    # LIVE-1's check waits on the slow accept(); LIVE-4's closes before accepting, at once.
    run, port, pid = slow_run(report, "--clause", "LIVE-1", "--clause", "LIVE-4")
    try:
        os.kill(pid, signal.SIGKILL)
        out, err = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == 1, err
    clauses = {c["id"]: c for c in json.loads(report.read_text(encoding="utf-8"))["clauses"]}
    assert clauses["LIVE-1"]["outcome"] == "failed"
    assert "killed by SIGKILL" in clauses["LIVE-1"]["detail"], clauses["LIVE-1"]
    assert clauses["LIVE-4"]["outcome"] == "passed", clauses["LIVE-4"]
    second = re.search(r"serving on 127\.0\.0\.1:(\d+) \(pid (\d+)\)", out)
    assert second is not None, out
    new_port, new_pid = int(second[1]), int(second[2])
    assert new_pid != pid, out
    assert gone(pid)
    assert gone(new_pid)
    assert free(port)
    assert free(new_port)


def test_a_server_killed_by_the_connections_of_a_check_fails_that_check(tmp_path: Path) -> None:
    # Each check's connections end the process just after the check has seen what it asked for.
    report = tmp_path / "report.json"
    args = ["tests.bindings.exits_after_closing", "--live", "--clause", "LIVE-3", "--clause", "LIVE-4"]
    result = run_module("conformance", *args, *SLOW_RUN, str(report), cwd=ROOT)
    assert result.returncode == 1, result.stdout + result.stderr
    clauses = json.loads(report.read_text(encoding="utf-8"))["clauses"]
    # The check in whose span, or just after which, the server is found dead fails: which one
    # that is depends on when the process ends, but the last check's death is seen too.
    failed = [c for c in clauses if c["outcome"] == "failed"]
    assert failed, clauses
    assert all("exited with status 1" in c["detail"] for c in failed), failed
    assert {c["outcome"] for c in clauses} <= {"passed", "failed"}, clauses


def test_ctrl_c_stops_the_server_and_exits_130(tmp_path: Path) -> None:
    run, port, pid = slow_run(tmp_path / "report.json")
    try:
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=30)
    finally:
        run.kill()
    assert run.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err
    verdict = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"]) == (False, False)
    assert gone(pid)
    assert free(port)
