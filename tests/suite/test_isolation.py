"""Hostile bindings: whatever the binding does to its process, the command line judges and reports.

Each binding breaks ``close()`` in one way that no test can catch. The CLOSE clauses whose
tests call it must fail, saying what happened; the EXC and PATH clauses, which never call it, must
pass; the report must be complete, the exit code non-zero, the time bounded, and no process
of the run may be left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conformance.config import Limits, RunConfig
from conformance.runner import run_suite
from conformance.spec import family_of, parse_spec
from tests.bindings.hostile.leaves_process import MARKER
from tests.paths import ROOT
from tests.processes import run_module

SPEC = parse_spec()
CLOSE_CALLERS = ("CLOSE-1", "CLOSE-2", "CLOSE-4", "CLOSE-8", "CLOSE-9", "CLOSE-10")
"""The MUST CLOSE clauses whose tests call ``close()``, in report order. CLOSE-5 and CLOSE-13 go through
``WebSocketClose``; the SHOULD clauses whose tests call ``close()`` with arguments it refuses (CLOSE-11,
CLOSE-12, CLOSE-14, CLOSE-15) fail too, but a SHOULD does not fail the run."""

RUN_TAG = "WSPROTO_API_TEST_RUN"
"""An environment variable that marks the processes of one run."""

UNTOUCHED = ("EXC", "PATH")
"""Families whose tests never call ``close()`` and generate no inputs: under the short time limit
below, a generated-input test (QP's take up to half a second on a loaded machine) could fail
for want of time, not for the hostile binding."""

RUN = (
    *(arg for cid in CLOSE_CALLERS for arg in ("--clause", cid)),
    *(arg for family in UNTOUCHED for arg in ("--clause", family)),
    *("--backend", "asyncio", "--time-limit", "0.5"),
)
"""The clauses whose tests call ``close()``, and families whose tests never do. A hostile
``close()`` breaks the other CLOSE clauses' tests alike, at up to 1.5 s each, and shows nothing more."""


def _processes_with(text: str, where: str = "cmdline") -> list[int]:
    """The processes whose command line (or, with ``where="environ"``, environment) contains ``text``."""
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if text.encode() in (entry / where).read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue  # ended while we looked
    return found


def _tagged() -> tuple[str, dict[str, str]]:
    """A mark for one run's processes, and the environment that carries it to every one of them."""
    tag = f"wsproto-api-run-{uuid.uuid4().hex}"
    return tag, {RUN_TAG: tag}


def _started(binding: str, *args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    """``python -m conformance binding args`` started from the project's root, ``env`` added, output piped."""
    return subprocess.Popen(
        [sys.executable, "-m", "conformance", binding, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ | env,
    )


def _run(
    binding: str, tmp_path: Path, *extra: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    report = tmp_path / "report.json"
    tag, tagged = _tagged()
    started = time.monotonic()
    result = run_module("conformance", binding, *RUN, "--json", str(report), *extra, cwd=ROOT, env=tagged | (env or {}))
    assert time.monotonic() - started < 60, "the run took too long"
    assert _processes_with(tag, "environ") == [], "a process of the run outlived it"
    return result, json.loads(report.read_text(encoding="utf-8"))


def _outcomes(report: dict[str, object]) -> dict[str, tuple[str, str]]:
    clauses = report["clauses"]
    assert isinstance(clauses, list)
    return {c["id"]: (c["outcome"], c["detail"]) for c in clauses}  # pyright: ignore[reportUnknownVariableType]


@pytest.mark.parametrize(
    ("name", "says", "extra"),
    [
        ("exits_0", "its process ended during the test (exit status 0)", ()),
        ("exits_1", "its process ended during the test (exit status 1)", ()),
        ("raises_keyboard_interrupt", "the implementation raised KeyboardInterrupt", ()),
        ("raises_system_exit", "the implementation raised SystemExit: 0", ()),
        # The suite's own ways of ending a test, raised by the binding: neither absent nor a pass.
        ("raises_absent_skip", "the implementation raised Skipped: absent: close() is not implemented", ()),
        ("raises_judged", "NotClosed: close() sent nothing", ()),
        ("raises_unittest_skip", "SkipTest: absent: close() is not implemented", ()),
        ("segfaults", "its process ended during the test (killed by SIGSEGV)", ()),
        ("allocates", "", ("--memory-limit", "1024")),
        ("hangs_in_c", "did not finish within 1.5 s: stuck outside the event loop; its process was stopped", ()),
        ("floods_output", "wrote more than 16 MiB to standard output and error during the test", ()),
        ("closes_fds_and_hangs", "did not finish within 1.5 s: stuck outside the event loop", ()),
    ],
)
def test_a_hostile_binding_fails_only_the_tests_it_breaks(
    name: str, says: str, extra: tuple[str, ...], tmp_path: Path
) -> None:
    result, report = _run(f"tests.bindings.hostile.{name}", tmp_path, *extra)
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr
    outcomes = _outcomes(report)
    for clause_id in CLOSE_CALLERS:
        outcome, detail = outcomes[clause_id]
        # A close() that only sets the test up and raises (MemoryError) blocks it by CLOSE-1's name.
        blocked_by_a_caller = outcome == "blocked" and detail.startswith("blocked by CLOSE-")
        assert outcome == "failed" or blocked_by_a_caller, (clause_id, detail)
        assert says in detail, (clause_id, detail)
    failed = [cid for cid in CLOSE_CALLERS if outcomes[cid][0] == "failed"]
    blocked = [cid for cid in CLOSE_CALLERS if outcomes[cid][0] == "blocked"]
    untouched = [cid for cid in SPEC.runtime_clauses if family_of(cid) in UNTOUCHED]
    assert {cid: o for cid, (o, _) in outcomes.items() if cid in untouched} == dict.fromkeys(untouched, "passed")
    verdict = report["verdict"]
    assert verdict == {
        "conforms": False,
        "strict": False,
        "exit_code": 1,
        "complete": not blocked,
        "text": "does not conform: "
        + ", ".join(failed)
        + " failed"
        + (f"; {', '.join(blocked)} not judged" if blocked else ""),
        "seed_api": False,
    }


@pytest.mark.parametrize(
    "name", ["leaves_process", "closes_stdout", "starts_thread", "ignores_sigchld", "forks_helper"]
)
def test_a_binding_that_disturbs_its_process_but_not_the_contract_conforms(name: str, tmp_path: Path) -> None:
    tag, env = _tagged()
    result, report = _run(f"tests.bindings.hostile.{name}", tmp_path, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert {outcome for outcome, _ in _outcomes(report).values()} == {"passed"}
    # Only this run's: another test's run may hold such a process for a moment.
    left = set(_processes_with(MARKER)) & set(_processes_with(tag, "environ"))
    assert left == set(), "the process the binding left was not stopped"


def test_a_copy_of_the_process_the_binding_forks_as_it_loads_does_not_run_the_suite(tmp_path: Path) -> None:
    # The whole suite: both copies once wrote its collection, too long to reach the pipe whole,
    # and the run ended "not judged" with an unreadable event most times.
    report = tmp_path / "report.json"
    tag, tagged = _tagged()
    args = ("--backend", "asyncio", "--json", str(report))
    result = run_module("conformance", "tests.bindings.hostile.forks_on_import", *args, cwd=ROOT, env=tagged)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert {outcome for outcome, _ in _outcomes(json.loads(report.read_text(encoding="utf-8"))).values()} == {"passed"}
    assert _processes_with(tag, "environ") == [], "a process of the run outlived it"


def test_a_forked_copy_that_ends_its_import_ends_with_the_import_s_status(tmp_path: Path) -> None:
    # The binding's own process, which waits for its copy, reads the status the copy's import gave.
    binding = (
        "import os\nimport sys\n\n"
        "if os.fork() == 0:\n"
        "    sys.exit(3)\n"
        "_, status = os.wait()\n"
        "COPY_STATUS = os.waitstatus_to_exitcode(status)\n\n"
        "from wsproto_api.reference import *  # noqa: E402, F403\n"
    )
    (tmp_path / "forking.py").write_text(binding, encoding="utf-8")
    script = "from conformance.binding import load_binding\nprint(load_binding('forking').module.COPY_STATUS)\n"
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"


def test_the_users_warning_filters_do_not_change_the_run(tmp_path: Path) -> None:
    result, report = _run("wsproto_api.reference", tmp_path, "--strict", env={"PYTHONWARNINGS": "error"})
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr
    assert {outcome for outcome, _ in _outcomes(report).values()} == {"passed"}


def test_a_hang_in_one_method_costs_only_the_tests_that_call_it(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    # The default time limit: the generated-input tests of URL-5 and URL-8 take over a second.
    args = ("--clause", "URL", "--clause", "RECV-1", "--backend", "asyncio")
    result = run_module(
        "conformance",
        "tests.bindings.hostile.hangs_in_receive_text",
        *args,
        "--json",
        str(report_path),
        cwd=ROOT,
    )
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr
    outcomes = _outcomes(json.loads(report_path.read_text(encoding="utf-8")))
    assert outcomes.pop("RECV-1")[0] == "failed"
    # Every URL clause keeps the full time limit after the hang (URL-5 and URL-8 used not to).
    assert {cid: o for cid, (o, _) in outcomes.items()} == dict.fromkeys(outcomes, "passed")


def test_a_binding_that_ends_the_process_on_import_is_not_judged(tmp_path: Path) -> None:
    result, report = _run("tests.bindings.hostile.exits_on_import", tmp_path)
    assert result.returncode == 3
    verdict = report["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["complete"] is False
    assert "the suite's process ended before the run did (exit status 0)" in str(verdict["text"])
    assert {outcome for outcome, _ in _outcomes(report).values()} == {"not-judged"}


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"])
def test_a_stopped_live_run_stops_its_servers_and_exits_130(stop: signal.Signals, tmp_path: Path) -> None:
    # The live tier runs in a worker process of the command line, which passes the signal on.
    report_path = tmp_path / "report.json"
    tag, env = _tagged()
    run = _started("wsproto_api.reference", "--live", "--json", str(report_path), env=env)
    deadline = time.monotonic() + 60
    # Only this run's live child: another test's, running beside this one, would send the signal too soon.
    while time.monotonic() < deadline and not set(_processes_with("conformance.live.child")) & set(
        _processes_with(tag, "environ")
    ):
        time.sleep(0.02)
    run.send_signal(stop)
    stdout, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stdout[-2000:] + stderr
    assert "interrupted: every server stopped" in stderr, stderr
    # A server the signal caught while starting exits once its standard input closes with the run.
    deadline = time.monotonic() + 5
    while _processes_with(tag, "environ") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _processes_with(tag, "environ") == []
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["verdict"]["complete"] is False


@pytest.mark.parametrize(
    ("stop", "says"),
    [
        (signal.SIGINT, "interrupted by Ctrl-C, not a verdict"),
        (signal.SIGTERM, "stopped by SIGTERM, not a verdict"),
        (signal.SIGHUP, "stopped by SIGHUP, not a verdict"),
    ],
    ids=["ctrl-c", "sigterm", "sighup"],
)
def test_a_stopped_run_writes_what_was_judged_and_exits_130(stop: signal.Signals, says: str, tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    binding = "tests.bindings.hostile.hangs_in_c"
    tag, env = _tagged()
    args = ["--clause", "ACCEPT-1", "--clause", "CLOSE", "--backend", "asyncio", "--json", str(report_path)]
    run = _started(binding, *args, env=env)
    deadline = time.monotonic() + 60
    # The command line, its child and the child's worker: the tests have begun.
    while len(_processes_with(tag, "environ")) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    # ACCEPT-1's tests take well under a second; then the first test of CLOSE-1 hangs for 10 s.
    time.sleep(3)
    run.send_signal(stop)
    stdout, _ = run.communicate(timeout=30)
    assert run.returncode == 130, stdout[-2000:]
    assert _processes_with(tag, "environ") == []
    report = json.loads(report_path.read_text(encoding="utf-8"))
    outcomes = _outcomes(report)
    assert (report["verdict"]["exit_code"], report["verdict"]["complete"]) == (130, False)
    assert report["verdict"]["text"].startswith(says)
    assert outcomes["ACCEPT-1"][0] == "passed"
    assert outcomes["CLOSE-1"][0] == "not-judged"
    assert says.partition(",")[0] in outcomes["CLOSE-1"][1]
    assert stdout.rstrip().endswith("not judged")


def test_the_whole_run_limit_stops_the_run_and_reports_what_it_judged(tmp_path: Path) -> None:
    # The run limit also bounds the binding's load, which on a busy machine can take two seconds.
    result, report = _run("tests.bindings.hostile.hangs_in_c", tmp_path, "--run-limit", "6", "--time-limit", "15")
    assert result.returncode == 3, result.stdout[-2000:]
    verdict = report["verdict"]
    assert isinstance(verdict, dict)
    assert verdict["complete"] is False
    assert "the run took longer than its limit of 6 s" in str(verdict["text"])


def test_a_binding_whose_import_hangs_stops_the_run_at_the_load_limit() -> None:
    started = time.monotonic()
    result = run_suite(RunConfig("tests.bindings.hostile.hangs_on_import", limits=Limits(load_seconds=2)))
    assert time.monotonic() - started < 30
    assert result.report.exit_code == 3
    assert (
        result.report.stopped == "the binding did not load within 2 s (its import or its constructor does not return)"
    )
    assert {clause.outcome for clause in result.report.clauses} == {"not-judged"}
