"""The suite's run: time limits, levels, deviations, and use inside another pytest session."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conformance.config import RunConfig
from conformance.plugin import LEFT_OUT
from conformance.runner import run_suite
from tests.paths import ROOT
from tests.processes import run_module


def test_a_hanging_implementation_fails_its_clauses_and_the_run_goes_on() -> None:
    config = RunConfig("tests.bindings.hanging", ("asyncio",), time_limit=0.5, clauses=("CLOSE", "URL-1"))
    result = run_suite(config)
    outcomes = {c.id: c for c in result.report.clauses}
    assert outcomes["CLOSE-1"].outcome == "failed"
    assert outcomes["CLOSE-1"].detail.startswith("did not finish within 0.5 s")
    assert outcomes["URL-1"].outcome == "failed"
    assert "did not finish within 1.5 s: stuck outside the event loop" in outcomes["URL-1"].detail
    assert outcomes["CLOSE-5"].outcome == "passed"  # WebSocketClose does not hang
    # Once a test of CLOSE-2 has hung, its other tests fail at once instead of waiting too.
    close_2 = sorted(case.message for case in result.cases if "test_close_sends_code_and_reason" in case.test)
    assert len(close_2) > 2
    assert close_2[0].startswith("did not finish within 0.5 s")
    assert close_2[1:] == ["not run: an earlier test of CLOSE-2 did not finish in time"] * (len(close_2) - 1)


def test_a_timeout_error_raised_by_the_implementation_is_not_a_hang() -> None:
    result = run_suite(RunConfig("tests.bindings.raises_timeout", ("trio",), clauses=("CLOSE-1",)))
    [close_1] = result.report.clauses
    assert close_1.outcome == "failed"
    assert "did not finish" not in close_1.detail
    assert "TimeoutError" in close_1.detail


def test_pytest_addopts_does_not_change_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_ADDOPTS", "-x")
    result = run_suite(RunConfig("starlette.websockets", ("asyncio",), clauses=("RAW",)))
    raw = {c.id: c.outcome for c in result.report.clauses}
    assert raw == {"RAW-1": "passed", "RAW-2": "passed", "RAW-4": "failed", "RAW-5": "passed"}


def test_a_failed_should_clause_fails_the_run_only_when_strict() -> None:
    lenient = run_suite(RunConfig("starlette.websockets", ("asyncio",), clauses=("RAW",)))
    strict = run_suite(RunConfig("starlette.websockets", ("asyncio",), strict=True, clauses=("RAW",)))
    for result in (lenient, strict):
        assert [c.id for c in result.report.clauses if c.outcome == "failed"] == ["RAW-4"]
    assert (lenient.report.exit_code, strict.report.exit_code) == (0, 1)


def test_a_deviation_that_passes_is_reported_and_fails_the_run() -> None:
    config = RunConfig("wsproto_api.reference", ("trio",), deviations=frozenset({"CLOSE-1"}), clauses=("CLOSE",))
    result = run_suite(config)
    [stale] = result.report.stale_deviations
    assert (stale.id, stale.outcome) == ("CLOSE-1", "stale-deviation")
    assert result.report.exit_code == 1


def test_only_the_chosen_backend_runs() -> None:
    result = run_suite(RunConfig("wsproto_api.reference", ("trio",), clauses=("CLOSE",)))
    async_tests = [case.test for case in result.cases if case.test.endswith("]")]
    assert async_tests
    assert all("[trio" in test and "asyncio" not in test for test in async_tests)
    assert result.report.exit_code == 0


def test_a_keyword_that_leaves_a_clause_without_tests_leaves_it_not_judged() -> None:
    result = run_suite(RunConfig("wsproto_api.reference", ("asyncio",), clauses=("CLOSE",), keyword="not app"))
    outcomes = {c.id: (c.outcome, c.detail) for c in result.report.clauses}
    assert outcomes["CLOSE-5"][0] == "not-judged"
    assert outcomes["CLOSE-5"][1].startswith(LEFT_OUT)
    assert outcomes["CLOSE-1"] == ("passed", "")
    assert result.report.exit_code == 3


def test_inside_pytest_a_clause_whose_tests_another_option_narrowed_is_not_judged(tmp_path: Path) -> None:
    # Only the asyncio half of CLOSE's tests runs: a binding that failed on trio alone must not pass.
    args = ("--ws-binding", "wsproto_api.reference", "--ws-clause", "CLOSE", "-k", "asyncio", "-q")
    result = _pytest(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "wsproto_api.reference: not judged: " in result.stdout
    assert LEFT_OUT in result.stdout


def _pytest(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_module("pytest", "-p", "conformance", "-p", "no:cacheprovider", *args, cwd=cwd, env=env)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_inside_a_backends_own_pytest_run_with_xdist(tmp_path: Path, how: str) -> None:
    (tmp_path / "test_own.py").write_text("def test_backend_own_test() -> None:\n    assert True\n", encoding="utf-8")
    report = tmp_path / "conformance.json"
    args = ["-n", "2", "--ws-json", str(report)]
    if how == "option":
        # Families of every kind of test (sync, async on both backends, generated, features):
        # each worker must send its clauses' results to the controller.
        families = ("CONN", "URL", "SEND", "STATE", "DENY", "SIG")
        args += [arg for family in families for arg in ("--ws-clause", family)]
        result = _pytest("--ws-binding", "wsproto_api.reference", *args, cwd=tmp_path)
    else:
        # Two families are enough to show the binding named by the environment.
        args += ["--ws-clause", "CONN", "--ws-clause", "URL"]
        result = _pytest(*args, cwd=tmp_path, env={"WSPROTO_API_BINDING": "wsproto_api.reference"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "== wsproto-api conformance ==" in result.stdout
    assert "wsproto_api.reference: conforms" in result.stdout
    assert report.exists()
    # The suite's tests ran beside the backend's own one.
    assert int(re.findall(r"(\d+) passed", result.stdout.splitlines()[-1])[0]) > 100


def test_inside_pytest_a_failing_binding_fails_the_run(tmp_path: Path) -> None:
    # The families of the clauses Starlette fails without its deviations file: the rest would pass.
    families = [arg for family in ("CONN", "URL", "HDR", "SIG") for arg in ("--ws-clause", family)]
    result = _pytest("--ws-binding", "starlette.websockets", "--ws-backend", "asyncio", *families, "-q", cwd=tmp_path)
    assert result.returncode == 1
    assert "starlette.websockets: does not conform: CONN-2, URL-1, URL-3, URL-18, HDR-2, SIG-1 failed" in result.stdout


def test_inside_pytest_a_test_that_failed_and_passed_when_run_again_fails_its_clause(tmp_path: Path) -> None:
    # pytest-rerunfailures reports a failure it will run again with an outcome of its own,
    # "rerun"; the binding drops a reason once, so the second run of that test passes.
    binding = "tests.bindings.drops_first_close_reason"
    args = ["--ws-binding", binding, "--ws-clause", "CLOSE-2", "--ws-backend", "asyncio", "-p", "rerunfailures"]
    result = _pytest(*args, "--reruns", "2", "-q", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stdout[-3000:]
    assert " rerun" in result.stdout
    assert f"{binding}: does not conform: CLOSE-2 failed" in result.stdout


def test_inside_pytest_a_bad_binding_is_a_usage_error(tmp_path: Path) -> None:
    result = _pytest("--ws-binding", "no_such_package.websockets", cwd=tmp_path)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "cannot import binding 'no_such_package.websockets': ModuleNotFoundError" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ws-time-limit", "0"], "--ws-time-limit must be a number of seconds above 0"),
        (["--ws-clause", "URL-99"], "--ws-clause 'URL-99': not a clause or family"),
    ],
    ids=["time-limit", "clause"],
)
def test_inside_pytest_a_bad_option_is_named_as_the_plugin_spells_it(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = _pytest("--ws-binding", "wsproto_api.reference", *args, cwd=tmp_path)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert f"ERROR: {message}" in result.stderr, result.stderr


def test_only_the_option_that_begins_an_error_is_respelled() -> None:
    from conformance.plugin import _as_plugin_options  # pyright: ignore[reportPrivateUsage]

    assert _as_plugin_options("--clause 'X': not a clause") == "--ws-clause 'X': not a clause"
    written = "--ws-json '/tmp/--clause/r.json': cannot write there"
    assert _as_plugin_options(written) == written
    elsewhere = (
        "--clause 'TYPE-1': not a clause or family that a normal run judges; the static tier (--static) judges it"
    )
    respelled = "the static tier (python -m conformance --static) judges it"
    assert (
        _as_plugin_options(elsewhere)
        == f"--ws-clause 'TYPE-1': not a clause or family that a normal run judges; {respelled}"
    )


@pytest.mark.parametrize("environment", [None, ""])
def test_a_session_that_loads_the_plugin_and_names_no_binding_is_refused(
    tmp_path: Path, environment: str | None
) -> None:
    # A CI job whose WSPROTO_API_BINDING was dropped would otherwise pass on its own tests alone.
    (tmp_path / "test_own.py").write_text("def test_backend_own_test() -> None:\n    assert True\n", encoding="utf-8")
    report = tmp_path / "conformance.json"
    env = {} if environment is None else {"WSPROTO_API_BINDING": environment}
    result = _pytest("-q", "--ws-json", str(report), cwd=tmp_path, env=env)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    said = "is not set" if environment is None else "is empty"
    assert "the conformance plugin is loaded but names no binding to judge: give --ws-binding MODULE" in result.stderr
    assert f"or set WSPROTO_API_BINDING (WSPROTO_API_BINDING {said})" in result.stderr
    assert "passed" not in result.stdout
    assert not report.exists()


def test_without_a_binding_the_plugin_still_shows_its_options(tmp_path: Path) -> None:
    result = _pytest("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--ws-binding=MODULE" in result.stdout


OWN_TEST = "def test_backend_own_test() -> None:\n    assert True\n"


def test_inside_pytest_a_run_that_collects_no_suite_test_fails(tmp_path: Path) -> None:
    (tmp_path / "test_own.py").write_text(OWN_TEST, encoding="utf-8")
    report = tmp_path / "conformance.json"
    args = ("--ws-binding", "wsproto_api.reference", "--ws-json", str(report), "-k", "backend_own", "-q")
    result = _pytest(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "no test of the suite ran" in result.stdout
    assert "conforms" not in result.stdout
    verdict = json.loads(report.read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"], verdict["exit_code"]) == (False, False, 3)


@pytest.mark.parametrize("how", ["option", "environment"])
def test_inside_pytest_a_collect_only_session_fails(tmp_path: Path, how: str) -> None:
    # --co runs nothing, so the suite judged nothing; a CI that sets it globally must not go green.
    report = tmp_path / "conformance.json"
    args = ["--ws-binding", "wsproto_api.reference", "--ws-clause", "CLOSE", "--ws-json", str(report), "-q"]
    env = {"PYTEST_ADDOPTS": "--co"} if how == "environment" else None
    result = _pytest(*args, *(["--co"] if how == "option" else []), cwd=tmp_path, env=env)
    assert result.returncode == 1, result.stdout[-3000:]
    assert "tests collected" in result.stdout
    assert "not judged (no test of the suite ran" in result.stdout
    verdict = json.loads(report.read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"], verdict["exit_code"]) == (False, False, 3)


def test_inside_pytest_the_suite_is_collected_whatever_the_projects_rules(tmp_path: Path) -> None:
    # Rules that would hide the suite's test_*.py files and test_* functions, and every directory.
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\npython_files = check_*.py\npython_functions = check_*\nnorecursedirs = *\n", encoding="utf-8"
    )
    (tmp_path / "check_own.py").write_text("def check_own() -> None:\n    assert True\n", encoding="utf-8")
    args = ("--ws-binding", "wsproto_api.reference", "--ws-backend", "asyncio", "--ws-clause", "CLOSE", "-q")
    result = _pytest(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "wsproto_api.reference: conforms" in result.stdout
    assert int(re.findall(r"(\d+) passed", result.stdout.splitlines()[-1])[0]) > 10


def test_inside_pytest_a_report_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    result = _pytest("--ws-binding", "wsproto_api.reference", "--ws-json", "nodir/x.json", cwd=tmp_path)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "--ws-json 'nodir/x.json': cannot write there" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("binding", "clause", "said"),
    [
        # A Python loop: the watchdog thread prints the stacks while the stuck thread waits for the lock.
        (
            "tests.bindings.hanging",
            "URL-1",
            r"test_url\.py::test_\S+ did not finish within 1\.5 s and is stuck outside the event loop"
            r"(.|\n)*hanging\.py\", line \d+ in url\n",
        ),
        # C code keeping the lock: faulthandler's timer ends the process a grace period later.
        ("tests.bindings.hostile.hangs_holding_the_lock", "CLOSE-1", r"Timeout \(0:00:06\.500000\)!"),
    ],
)
def test_inside_pytest_a_test_stuck_outside_the_event_loop_ends_the_session(
    tmp_path: Path, binding: str, clause: str, said: str
) -> None:
    # Nothing in a shared process can stop such a test safely: the session ends, and never green.
    report = tmp_path / "conformance.json"
    args = ("--ws-binding", binding, "--ws-clause", clause, "--ws-time-limit", "0.5", "--ws-backend", "asyncio")
    result = _pytest(*args, "--ws-json", str(report), cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(said, result.stderr), result.stderr[-3000:]
    verdict = json.loads(report.read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"]) == (False, False)


REWRITING_HOOKS = {
    "wrapper": (
        "import pytest\n\n\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    report = yield\n"
        "    report.outcome = 'passed'\n"
        "    return report\n"
    ),
    "new report": (
        "import pytest\n\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    return pytest.TestReport(item.nodeid, item.location, {}, 'passed', None, call.when, [], "
        "user_properties=list(item.user_properties))\n"
    ),
    "logreport": (
        "import pytest\n\n\n"
        "@pytest.hookimpl(tryfirst=True)\n"
        "def pytest_runtest_logreport(report):\n"
        "    report.outcome = 'passed'\n"
    ),
    "swallowed": (
        "import pytest\n\n\n"
        "@pytest.hookimpl(wrapper=True, tryfirst=True)\n"
        "def pytest_runtest_call(item):\n"
        "    try:\n"
        "        return (yield)\n"
        "    except BaseException:\n"
        "        return None\n"
    ),
    "absent": (
        "import pytest\n\n\n"
        "@pytest.hookimpl(wrapper=True)\n"
        "def pytest_runtest_makereport(item, call):\n"
        "    report = yield\n"
        "    if report.failed:\n"
        "        path, line, _ = item.location\n"
        "        report.outcome = 'skipped'\n"
        "        report.longrepr = (path, line or 0, 'Skipped: absent: the session said so')\n"
        "    return report\n"
    ),
}
"""A project's hooks that make a failure a pass, or an absence, each in its own way.

A ``conftest.py`` of the project's reaches the suite when the suite is installed in a venv
inside the project; a plugin reaches it anywhere.
"""


@pytest.mark.parametrize("hook", REWRITING_HOOKS.values(), ids=REWRITING_HOOKS.keys())
def test_inside_pytest_a_failure_that_a_hook_hides_still_fails(tmp_path: Path, hook: str) -> None:
    (tmp_path / "rewriting.py").write_text(hook, encoding="utf-8")
    report = tmp_path / "conformance.json"
    binding = "tests.bindings.precise_close_defaults_to_1001"
    args = ("-p", "rewriting", "--ws-binding", binding, "--ws-clause", "CLOSE-1", "--ws-backend", "asyncio")
    args += ("--ws-json", str(report))
    result = _pytest(*args, cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert result.returncode == 1, result.stdout[-3000:]
    made = "an absence" if hook == REWRITING_HOOKS["absent"] else "a pass"
    assert f"a hook of this session made {made} of its call phase" in report.read_text(encoding="utf-8")
    verdict = json.loads(report.read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"]) == (False, True)
