"""The tool as most users install it: a wheel, not editable, in a venv inside their own project.

The rest of the tests run against this checkout through an editable install, where the
contract and the suite are found in the checkout, not in site-packages: a fault that only
an installed copy shows (a checker handed site-packages as a search path, a plugin that
collects nothing when the venv lives in the project) passes there unseen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from conformance.binding import ENV_VAR
from conformance.static import UNTYPED_IMPORT
from tests.paths import ROOT
from tests.typing.test_static import clause, named_members, static_departures, typed_departures

# One worker builds the project once and runs every test of it: tests/conftest.py, ONE_WORKER_MODULES.

OFFLINE = (
    "NewConnectionError",
    "connection broken by",
    "Max retries exceeded",
    "Temporary failure in name resolution",
    "Network is unreachable",
)
"""What pip prints when it cannot reach the package index: only then is a test skipped."""

MY_BACKEND = '''\
"""Starlette's binding, but for a send_text that takes bytes."""

from starlette.websockets import WebSocket as StarletteWebSocket
from starlette.websockets import WebSocketDisconnect as WebSocketDisconnect


class WebSocket(StarletteWebSocket):
    async def send_text(self, data: bytes) -> None:  # type: ignore[override]
        await super().send_text(data.decode())
'''


@dataclass(frozen=True)
class Project:
    """A scratch project with the tool installed from its wheel into ``<directory>/.venv``."""

    directory: Path
    python: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """``python args`` with the project's venv, in the project, as a user would from a shell."""
        # Nothing of this session may leak in: not its venv, its import path, nor its binding.
        leaked = {ENV_VAR, "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MYPYPATH"}
        env = {k: v for k, v in os.environ.items() if k not in leaked and not k.startswith("PYTEST_")}
        return subprocess.run(
            [str(self.python), *args],
            cwd=self.directory,
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=600,
        )


def pip(python: Path | str, *args: str) -> None:
    """Run pip; skip when it cannot reach the package index, fail on any other error."""
    completed = subprocess.run(
        [str(python), "-m", "pip", *args, "--disable-pip-version-check", "-q"],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 0 and any(sign in output for sign in OFFLINE):
        pytest.skip(f"pip cannot reach the package index: {output.strip().splitlines()[-1]}")
    assert completed.returncode == 0, f"pip {args[0]} failed:\n{output}"


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    # Built once per process: a module-scoped one was built again whenever the scheduler ran
    # another module's test between two of these (about 50 s each time).
    scratch = tmp_path_factory.mktemp("installed")
    # The wheel is built from a copy: an in-tree build would write build/ and *.egg-info into
    # the checkout. The build is isolated, as `pip install <checkout>` builds: the setuptools
    # of this venv may be older than the one pyproject.toml requires.
    source = scratch / "source"
    junk = shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis"
    )
    shutil.copytree(ROOT, source, ignore=junk)
    pip(sys.executable, "wheel", "--no-deps", "-w", str(scratch / "wheels"), str(source))
    (wheel,) = (scratch / "wheels").glob("wsproto_api-*.whl")
    directory = scratch / "project"
    directory.mkdir()
    subprocess.run([sys.executable, "-m", "venv", str(directory / ".venv")], check=True, timeout=300)
    python = directory / ".venv" / ("Scripts" if os.name == "nt" else "bin") / "python"
    checkers = [f"{name}=={version(name)}" for name in ("mypy", "pyright", "pytest-xdist")]
    pip(python, "install", f"{wheel}[conformance]", "starlette==1.10.0", *checkers)
    (directory / "mybackend.py").write_text(MY_BACKEND, encoding="utf-8")
    (directory / "tests").mkdir()
    (directory / "tests" / "test_mine.py").write_text("def test_mine() -> None:\n    assert True\n", encoding="utf-8")
    installed = Project(directory, python)
    # Proof that what runs is the wheel's copy, not this checkout's.
    where = installed.run("-c", "import conformance, wsproto_api; print(conformance.__file__, wsproto_api.__file__)")
    assert where.returncode == 0, where.stderr
    for module in where.stdout.split():
        assert "site-packages" in Path(module).parts, module
    return installed


def static_run(project: Project, binding: str, checker: str) -> tuple[int, dict[str, Any], str]:
    """``python -m conformance --static`` in the project; its exit code, JSON report and output."""
    report = project.directory / f"{binding}-{checker}.json"
    completed = project.run("-m", "conformance", "--static", binding, "--checker", checker, "--json", str(report))
    output = completed.stdout + completed.stderr
    assert report.is_file(), output
    return completed.returncode, json.loads(report.read_text(encoding="utf-8")), output


@pytest.mark.parametrize("checker", ["all", "mypy", "pyright"])
def test_static_tier_fails_starlette_at_the_typed_departures(project: Project, checker: str) -> None:
    code, report, output = static_run(project, "starlette.websockets", checker)
    assert code == 1, output
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "failed"} == static_departures(), output
    assert named_members(clause(report, "TYPE-1")["detail"]) == typed_departures(), output
    assert {"__len__", "startswith", "encode"} <= named_members(clause(report, "TYPE-2")["detail"]), output


@pytest.mark.parametrize("checker", ["all", "mypy", "pyright"])
def test_static_tier_names_a_send_text_that_takes_bytes(project: Project, checker: str) -> None:
    code, report, output = static_run(project, "mybackend", checker)
    assert code == 1, output
    assert clause(report, "TYPE-1")["outcome"] == "failed", output
    assert named_members(clause(report, "TYPE-1")["detail"]) == typed_departures() | {"send_text"}, output


def test_static_tier_does_not_pass_a_binding_mypy_cannot_read(project: Project) -> None:
    # mypy reads none of an installed module without py.typed: the binding is Any to it, so it
    # compares no member, which must not read as a pass.
    purelib = project.run("-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
    assert purelib.returncode == 0, purelib.stderr
    source = (ROOT / "tests" / "bindings" / "static_str_url.py").read_text(encoding="utf-8")
    (Path(purelib.stdout.strip()) / "strurl_binding.py").write_text(source, encoding="utf-8")
    code, report, output = static_run(project, "strurl_binding", "mypy")
    assert code == 1, output
    outcomes = {c["id"]: c["outcome"] for c in report["clauses"]}
    assert outcomes == {"TYPE-1": "failed", "TYPE-2": "blocked", "TYPE-3": "blocked", "TYPE-4": "blocked"}, output
    assert UNTYPED_IMPORT in clause(report, "TYPE-1")["detail"], output
    # pyright reads the source of a module without py.typed: nothing is left unchecked.
    code, report, output = static_run(project, "strurl_binding", "pyright")
    assert code == 0, output


def count_run(output: str) -> int:
    """How many tests pytest's closing line (``3 failed, 250 passed in 2.10s``) says ran."""
    closing = [line for line in output.splitlines() if re.search(r" in [\d.]+s\b", line)]
    assert closing, output
    counts = re.findall(r"(\d+) (?:passed|failed|skipped|xfailed|xpassed|errors?)\b", closing[-1])
    return sum(int(count) for count in counts)


# Two families that hold Starlette's first departures: what the installed plugin does, at a
# fraction of a whole run's cost (test_conformance_plugin runs the whole suite as a plugin).
INSTALLED_PLUGIN_RUN = [
    *("-m", "pytest", "-p", "conformance", "--ws-binding", "starlette.websockets", "--ws-backend", "asyncio"),
    *("--ws-clause", "CONN", "--ws-clause", "URL"),
]


def test_pytest_plugin_runs_the_suite_in_the_project(project: Project) -> None:
    failing = project.run(*INSTALLED_PLUGIN_RUN, "-q")
    assert count_run(failing.stdout) > 100, failing.stdout[-3000:] + failing.stderr
    assert failing.returncode == 1, failing.stdout[-3000:] + failing.stderr
    found = project.run("-c", "import conformance; print(conformance.__file__)")
    deviations = Path(found.stdout.strip()).with_name("deviations") / "starlette-1.10.txt"
    assert deviations.is_file(), found.stdout + found.stderr
    assert "site-packages" in deviations.parts, deviations
    passing = project.run(*INSTALLED_PLUGIN_RUN, "--ws-deviations", str(deviations), "-q")
    assert count_run(passing.stdout) > 100, passing.stdout[-3000:] + passing.stderr
    assert passing.returncode == 0, passing.stdout[-3000:] + passing.stderr


def test_pytest_plugin_runs_the_suite_in_the_project_under_xdist(project: Project) -> None:
    completed = project.run(*INSTALLED_PLUGIN_RUN, "-n", "2", "-q")
    assert count_run(completed.stdout) > 100, completed.stdout[-3000:] + completed.stderr
    assert completed.returncode == 1, completed.stdout[-3000:] + completed.stderr
    assert "starlette.websockets: does not conform: CONN-2, URL-1" in completed.stdout


def test_command_line_judges_starlette_and_a_binding_of_the_project(project: Project) -> None:
    starlette = project.run("-m", "conformance", "starlette.websockets", "--backend", "asyncio")
    assert starlette.returncode == 1, starlette.stdout[-3000:] + starlette.stderr
    assert "starlette.websockets: does not conform: CONN-2, URL-1" in starlette.stdout
    # The console script, which Python starts with its own directory on the path, not the project's.
    script = project.python.with_name("wsproto-conformance")
    mine = subprocess.run(
        [str(script), "mybackend", "--clause", "SEND-1", "--backend", "asyncio"],
        cwd=project.directory,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert mine.returncode == 1, mine.stdout + mine.stderr
    assert mine.stdout.endswith("mybackend: does not conform: SEND-1 failed\n"), mine.stdout
