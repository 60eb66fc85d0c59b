"""``python -m conformance``: exit codes, bad input, and the reports it writes."""

from __future__ import annotations

import importlib.machinery
import json
import os
import py_compile
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conformance import cli, preflight, requirements
from conformance.spec import parse_spec
from tests.paths import ROOT
from tests.processes import run_module

SPEC = parse_spec()
RETIRED = next(iter(SPEC.retired))
"""A retired clause ID, whichever SPEC.md lists first."""
LIMIT_RULE = "must be a number of seconds above 0 and at most 1,000,000, not "
"""What a time limit out of range is told, before the value given."""
STARLETTE_DEVIATIONS = ROOT / "conformance" / "deviations" / "starlette-1.10.txt"
RUNTIME_DEPARTURES = set(SPEC.departures) & set(SPEC.runtime_clauses)
"""The departures a normal run judges; the static tier's are checked in test_static.py."""


def conformance(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_module("conformance", *args, cwd=ROOT, env=env)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no_such_package.websockets"], "cannot import binding 'no_such_package.websockets': ModuleNotFoundError"),
        (["tests.bindings.import_fails"], "cannot import binding 'tests.bindings.import_fails': RuntimeError"),
        (
            ["tests.bindings.not_a_binding"],
            "'tests.bindings.not_a_binding' is not a binding module: it has no 'WebSocket'",
        ),
        (
            ["tests.bindings.constructor_raises"],
            "tests.bindings.constructor_raises.WebSocket(scope, receive, send) fails on a well-formed websocket scope:"
            " KeyError: 'app'",
        ),
        ([], "no binding given"),
        (["wsproto_api.reference", "--deviations", "absent.txt"], "cannot read deviations file 'absent.txt'"),
        (["wsproto_api.reference", "--time-limit", "0"], f"--time-limit {LIMIT_RULE}0"),
        (["wsproto_api.reference", "--time-limit", "nan"], f"--time-limit {LIMIT_RULE}nan"),
        (["wsproto_api.reference", "--run-limit", "inf"], f"--run-limit {LIMIT_RULE}inf"),
        # Past epoll's timeout, which overflowed at about 2.15e6 s with a traceback; the cap is both limits'.
        (["wsproto_api.reference", "--run-limit", "3e6"], f"--run-limit {LIMIT_RULE}3e+06"),
        (["wsproto_api.reference", "--time-limit", "1e12"], f"--time-limit {LIMIT_RULE}1e+12"),
        (["wsproto_api.reference", "--json", "no/such/dir/r.json"], "--json 'no/such/dir/r.json': cannot write there"),
        (["wsproto_api.reference", "--markdown", "conformance"], "--markdown 'conformance': cannot write there"),
        (["wsproto_api.reference", "--json", "/proc/r.json"], "--json '/proc/r.json': cannot write there"),
        (["wsproto_api.reference", "--clause", "URL-99"], "--clause 'URL-99': not a clause or family"),
        (
            ["wsproto_api.reference", "--clause", "TYPE"],
            "--clause 'TYPE': not a clause or family that a normal run judges; the static tier (--static) judges it",
        ),
        (
            ["wsproto_api.reference", "--clause", "LIVE-1"],
            "--clause 'LIVE-1': not a clause or family that a normal run judges; the live tier (--live) judges it",
        ),
        (["wsproto_api.reference", "--clause", RETIRED], f"--clause {RETIRED!r}: retired, {SPEC.retired[RETIRED]}"),
        (["wsproto_api.reference", "--memory-limit", "0"], "--memory-limit must be a number of MiB above 0, not 0"),
    ],
    ids=[
        "missing-module",
        "import-raises",
        "not-a-binding",
        "constructor-raises",
        "no-binding",
        "no-file",
        "limit",
        "nan-time-limit",
        "infinite-run-limit",
        "run-limit-past-timers",
        "time-limit-past-the-cap",
        "json-path",
        "markdown-path",
        "json-proc",
        "unknown-clause",
        "static-clause",
        "live-clause",
        "retired-clause",
        "memory-limit",
    ],
)
def test_bad_input_is_one_line_and_exit_code_2(args: list[str], message: str) -> None:
    result = conformance(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"conformance: error: {message}")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_deviations_file_naming_an_unknown_clause_is_exit_code_2(tmp_path: Path) -> None:
    deviations = tmp_path / "deviations.txt"
    deviations.write_text("URL-1\nWS-1  # not a clause\n", encoding="utf-8")
    result = conformance("wsproto_api.reference", "--deviations", str(deviations))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"conformance: error: {deviations}:2: 'WS-1' is neither a clause nor a feature of SPEC.md\n"


def test_argument_errors_are_exit_code_2() -> None:
    result = conformance("wsproto_api.reference", "--backend", "curio")
    assert result.returncode == 2
    assert "invalid choice: 'curio'" in result.stderr


def test_binding_from_the_environment_variable() -> None:
    result = conformance("--backend", "trio", env={"WSPROTO_API_BINDING": "tests.bindings.not_a_binding"})
    assert result.returncode == 2
    assert "'tests.bindings.not_a_binding' is not a binding module" in result.stderr


def test_reference_passes_every_clause_on_both_backends(tmp_path: Path) -> None:
    json_path, markdown_path = tmp_path / "r.json", tmp_path / "r.md"
    result = conformance(
        "wsproto_api.reference", "--strict", "--json", str(json_path), "--markdown", str(markdown_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("wsproto_api.reference: conforms\n")
    report = json.loads(json_path.read_text(encoding="utf-8"))
    markdown = markdown_path.read_text(encoding="utf-8")
    assert [c["id"] for c in report["clauses"]] == list(SPEC.runtime_clauses)
    assert {c["id"]: c["outcome"] for c in report["clauses"] if c["outcome"] != "passed"} == {}
    assert report["verdict"] == {
        "conforms": True,
        "strict": True,
        "exit_code": 0,
        "complete": True,
        "text": "conforms",
        "seed_api": True,
    }
    unjudged = dict.fromkeys(
        ("failed", "deviation", "stale-deviation", "skipped", "not-judged", "blocked", "absent"), 0
    )
    assert report["summary"] == {
        level: {"passed": sum(c.level == level for c in SPEC.runtime_clauses.values())} | unjudged
        for level in ("MUST", "SHOULD")
    }
    assert markdown.count("| passed |") == len(SPEC.runtime_clauses)


def test_starlette_with_its_deviations_file_conforms_and_fails_exactly_the_departures(tmp_path: Path) -> None:
    # One run of Starlette serves both: each listed clause comes out as a deviation only where
    # it failed, so the deviations are exactly the clauses Starlette fails (and without the file
    # it fails them: tests/ecosystem holds its whole run to the kept results).
    report_path = tmp_path / "r.json"
    result = conformance("starlette.websockets", "--deviations", str(STARLETTE_DEVIATIONS), "--json", str(report_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith(f"starlette.websockets: conforms, with {len(RUNTIME_DEPARTURES)} listed deviations\n")
    for clause_id in RUNTIME_DEPARTURES:
        assert f"    {clause_id} ({SPEC.departures[clause_id]}) deviation: " in result.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["binding"] == "starlette.websockets"
    assert report["spec"] == SPEC.version
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}
    assert {cid for cid, outcome in outcomes.items() if outcome == "deviation"} == RUNTIME_DEPARTURES
    # A refusal judged for its error (ERR-1, ERR-2) is blocked where a departure refuses nothing.
    blocked = [c for c in report["clauses"] if c["outcome"] == "blocked"]
    assert all(set(c["blocked_by"]) <= RUNTIME_DEPARTURES for c in blocked), blocked
    assert set(outcomes.values()) <= {"passed", "deviation", "blocked"}
    assert all(c["detail"] for c in report["clauses"] if c["outcome"] == "deviation")


def test_starlette_deviations_file_lists_the_departures() -> None:
    from conformance.deviations import read_deviations

    assert read_deviations(STARLETTE_DEVIATIONS, SPEC.clauses.keys()) == set(SPEC.departures)


def test_a_run_writes_nothing_into_the_working_directory(tmp_path: Path) -> None:
    result = run_module("conformance", "wsproto_api.reference", "--backend", "asyncio", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.iterdir()) == []


def test_importing_the_package_loads_neither_pytest_nor_anyio() -> None:
    code = "import sys, conformance.cli, conformance.runner; print(sorted({'pytest', 'anyio'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == "[]\n"


def test_the_console_script_finds_a_binding_in_the_working_directory(tmp_path: Path) -> None:
    (tmp_path / "mybackend.py").write_text("from wsproto_api.reference import *  # noqa: F403\n", encoding="utf-8")
    script = Path(sys.executable).with_name("wsproto-conformance")
    args = [str(script), "mybackend", "--clause", "CLOSE-1", "--backend", "asyncio"]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("mybackend: conforms\n")


@pytest.mark.parametrize(
    ("local", "shown"),
    [
        ("conformance.py", "conformance.py"),
        ("wsproto_api/__init__.py", "wsproto_api/"),
        # Python imports bytecode without its source, and extension modules, as it imports source.
        ("conformance.pyc", "conformance.pyc"),
        ("wsproto_api/__init__.pyc", "wsproto_api/"),
        (
            f"conformance{importlib.machinery.EXTENSION_SUFFIXES[0]}",
            f"conformance{importlib.machinery.EXTENSION_SUFFIXES[0]}",
        ),
    ],
    ids=["module", "package", "bytecode", "bytecode-package", "extension"],
)
@pytest.mark.parametrize("tier", [[], ["--static"]], ids=["runtime", "static"])
def test_a_module_of_the_tools_name_in_the_working_directory_is_a_usage_error(
    tmp_path: Path, local: str, shown: str, tier: list[str]
) -> None:
    # The run's processes start there, and Python would import it in place of the tool's own.
    (tmp_path / local).parent.mkdir(exist_ok=True)
    source = tmp_path / "shadow.py"
    source.write_text("raise SystemExit(0)\n", encoding="utf-8")
    if local.endswith(".pyc"):
        py_compile.compile(str(source), cfile=str(tmp_path / local), doraise=True)
    else:
        source.replace(tmp_path / local)  # an extension module's bytes are never read: the run is refused first
    source.unlink(missing_ok=True)
    (tmp_path / "mybackend.py").write_text("from wsproto_api.reference import *  # noqa: F403\n", encoding="utf-8")
    script = Path(sys.executable).with_name("wsproto-conformance")
    args = [str(script), "mybackend", "--json", "r.json", *tier]
    result = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2, result.stdout + result.stderr
    assert (
        f"conformance: error: {shown!r} in the working directory would be imported as the tool's own" in result.stderr
    )
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("asking", [["--help"], ["--static", "--help"], ["--live", "-vh"]], ids=" ".join)
def test_help_is_shown_beside_a_module_of_the_tools_name(tmp_path: Path, asking: list[str]) -> None:
    # Help starts no process that could import the local module, whatever the tier.
    (tmp_path / "conformance.py").write_text("raise SystemExit(0)\n", encoding="utf-8")
    script = Path(sys.executable).with_name("wsproto-conformance")
    result = subprocess.run([str(script), *asking], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "--deviations" in result.stdout


def test_a_report_file_says_no_verdict_until_its_run_ends(tmp_path: Path) -> None:
    from conformance.report import placeholder_json, placeholder_markdown

    placeholder = json.loads(placeholder_json("pkg.ws", SPEC.version))
    assert placeholder["verdict"]["conforms"] is False
    assert placeholder["verdict"]["complete"] is False
    assert placeholder["clauses"] == []
    assert "has not finished" in placeholder_markdown("pkg.ws", SPEC.version)


@pytest.mark.parametrize(("tier", "options"), [("runtime", []), ("static", ["--static"]), ("live", ["--live"])])
def test_a_missing_requirement_of_a_tier_stops_it_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tier: str, options: list[str]
) -> None:
    # As the tool installed without its 'conformance' extra: pytest is not there.
    real_version = requirements.metadata.version

    def version(name: str) -> str:
        if name == "pytest":
            raise requirements.metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(requirements.metadata, "version", version)
    report = tmp_path / "report.json"
    code = cli.main(["wsproto_api.reference", *options, "--json", str(report)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"the {tier} tier needs the 'conformance' extra, and pytest is not installed: pip install" in err
    assert not report.exists()


def test_the_runtime_tier_requirements_are_the_conformance_extra() -> None:
    # Read from the installed package's metadata, the same list pyproject.toml gives pip.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    listed = [re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0] for requirement in extras["conformance"]]
    assert requirements.listed_by("conformance") == listed
    assert requirements.missing_for("conformance") == []


ENDS_ITS_PROCESS = {
    "sys-exit-at-import": "import sys\nsys.exit(0)\n",
    "os-exit-at-import": "import os\nos._exit(0)\n",
    "os-exit-in-the-constructor": (
        "import os\nfrom wsproto_api.reference import WebSocketDisconnect\n\n\nclass WebSocket:\n"
        "    def __init__(self, scope, receive=None, send=None):\n        os._exit(0)\n"
    ),
}


@pytest.mark.parametrize("tier", ["--static", "--live"])
@pytest.mark.parametrize("source", ENDS_ITS_PROCESS.values(), ids=ENDS_ITS_PROCESS.keys())
def test_a_binding_that_ends_its_process_while_loading_is_no_pass(tmp_path: Path, tier: str, source: str) -> None:
    # These tiers load the binding in the command line's own process: a child loads it first.
    (tmp_path / "ends_its_process.py").write_text(source, encoding="utf-8")
    done = run_module("conformance", "ends_its_process", tier, "--json", "report.json", cwd=tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "binding 'ends_its_process' ended the process that loaded it, with exit status 0" in done.stderr
    assert not (tmp_path / "report.json").exists()


ENDS_THE_RUN = """\
import os
import py_compile
import sys
import threading
import time

from starlette.websockets import WebSocket, WebSocketDisconnect


def end_the_run() -> None:
    # Only in the process that judges: the preflight's child never imports the command line.
    while "conformance.cli" not in sys.modules:
        time.sleep(0.01)
    time.sleep(0.2)
    os._exit(0)


if "--static" in sys.argv or "--live" in sys.argv:
    threading.Thread(target=end_the_run, daemon=True).start()
"""


@pytest.mark.parametrize("tier", ["--static", "--live"])
def test_a_binding_that_ends_the_process_in_the_middle_of_the_run_is_no_pass(tmp_path: Path, tier: str) -> None:
    # Starlette's WebSocket, loaded well; then a thread of its module ends the process with 0.
    (tmp_path / "ends_the_run.py").write_text(ENDS_THE_RUN, encoding="utf-8")
    done = run_module("conformance", "ends_the_run", tier, "--json", "report.json", cwd=tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "the run's process ended before its verdict (exit status 0): the binding ended it" in done.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"]["complete"] is False, report["verdict"]


def test_what_a_binding_leaves_to_run_at_exit_does_not_change_the_exit_code(tmp_path: Path) -> None:
    # The static tier imports the binding in the command line's process. Starlette's WebSocket
    # fails TYPE-1 and TYPE-2; the handler would end the process with status 0 after the run.
    (tmp_path / "exits_0_at_exit.py").write_text(
        "import atexit\nimport os\n\nfrom starlette.websockets import WebSocket, WebSocketDisconnect\n\n"
        "atexit.register(os._exit, 0)\n",
        encoding="utf-8",
    )
    done = run_module("conformance", "exits_0_at_exit", "--static", "--json", "report.json", cwd=tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"]["exit_code"] == 1, done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr


LEAVES_WORK_AFTER_LOADING = {
    "a-thread-that-is-no-daemon": "import threading\nimport time\n\nfrom wsproto_api.reference import *\n\n"
    "threading.Thread(target=time.sleep, args=(3600,)).start()\n",
    "an-atexit-handler-exiting-1": "import atexit\nimport os\n\nfrom wsproto_api.reference import *\n\n"
    "atexit.register(os._exit, 1)\n",
}


@pytest.mark.parametrize("source", LEAVES_WORK_AFTER_LOADING.values(), ids=LEAVES_WORK_AFTER_LOADING.keys())
def test_what_a_binding_leaves_for_after_its_load_passes_the_load_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    # The static and live tiers load the binding in a child first; a load that returned is a
    # load, whatever the module left behind (it neither ends nor holds the run: see above).
    (tmp_path / "leaves_work.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    preflight.load_in_child("leaves_work", time_limit=30)


def test_a_report_that_cannot_be_written_leaves_the_others_as_they_were(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text('{"from": "an earlier run"}\n', encoding="utf-8")
    fresh = tmp_path / "fresh.md"
    done = conformance(
        "wsproto_api.reference",
        "--json",
        str(kept),
        "--markdown",
        str(fresh),
        "--junit",
        str(tmp_path / "no-such-directory" / "report.xml"),
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"--junit {str(tmp_path / 'no-such-directory' / 'report.xml')!r}: cannot write there" in done.stderr
    assert kept.read_text(encoding="utf-8") == '{"from": "an earlier run"}\n'
    assert not fresh.exists()


@pytest.mark.parametrize("through_a_link", [False, True], ids=["same-path", "symbolic-link"])
def test_two_reports_to_one_file_is_exit_code_2(tmp_path: Path, through_a_link: bool) -> None:
    same = tmp_path / "report.out"
    other = same
    if through_a_link:
        other = tmp_path / "link.xml"
        other.symlink_to(same)
    done = conformance("wsproto_api.reference", "--json", str(same), "--junit", str(other))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"--json and --junit both name {str(other)!r}: each report needs a file of its own" in done.stderr
    assert not same.exists()


def test_a_refused_run_leaves_a_device_and_an_earlier_report_as_they_were(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text('{"from": "an earlier run"}\n', encoding="utf-8")
    # The binding does not import: the run is refused after the report files were written.
    done = conformance("no_such_package.websockets", "--json", str(kept), "--junit", os.devnull)
    assert done.returncode == 2, done.stdout + done.stderr
    assert kept.read_text(encoding="utf-8") == '{"from": "an earlier run"}\n'
    assert Path(os.devnull).exists()
    # A report that cannot be written, after one to a device: the device is never taken away.
    done = conformance("wsproto_api.reference", "--markdown", os.devnull, "--junit", str(tmp_path / "no" / "r.xml"))
    assert done.returncode == 2, done.stdout + done.stderr
    assert Path(os.devnull).exists()


@pytest.mark.parametrize(("stopped", "code"), [(False, 3), (True, 130)], ids=["unexpected-error", "stopped-run"])
def test_an_error_escaping_a_run_is_not_judged_or_a_stop(
    stopped: bool, code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A stopping signal's KeyboardInterrupt raised inside threading's lock handling can come out
    # as a RuntimeError: once a signal stopped the run, that is a stopped run (130), not a crash (3).
    def main() -> int:
        raise RuntimeError("release unlocked lock")

    monkeypatch.setattr(cli, "main", main)
    monkeypatch.setattr(cli, "stopped_by_signal", lambda: stopped)
    assert cli._main_to_the_end() == code  # pyright: ignore[reportPrivateUsage]
    assert "RuntimeError: release unlocked lock" in capsys.readouterr().err
