"""Static checks of the typing cases in tests/typing/ under both mypy and pyright.

Each case file holds ``assert_type`` lines, which both checkers must accept, and lines that
must be rejected, each ending in ``# type: ignore[<mypy code>]  # pyright: ignore[<pyright
rule>]``. Both checkers run strict and report an ignore that suppresses nothing, so a clean
run means every marked line is rejected by both and every other line by neither. The
checkers run a second time on copies without the ignore comments, so that the lines each
rejects, and why, are compared directly; and a third time on deliberately broken copies, to
show that a wrong expectation fails both.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "typing"

MYPY_IGNORE = re.compile(r"#\s*type:\s*ignore(?:\[(?P<codes>[^\]]*)\])?")
PYRIGHT_IGNORE = re.compile(r"#\s*pyright:\s*ignore(?:\[(?P<codes>[^\]]*)\])?")
# The ignore comments, as a suffix to strip: what remains is the bare statement.
IGNORE_SUFFIX = re.compile(r"\s*#\s*type:\s*ignore\S*\s*#\s*pyright:\s*ignore\S*\s*$")

# Misuse the contract must reject, in every case file (JSON-5, SEND-1, SEND-2, HDR-11,
# CLOSE-1, ACCEPT-1).
REQUIRED_REJECTIONS = [
    'send_json({"a": 1}, mode="xml")',
    'send_bytes("text")',
    'ws.headers["x"] = "y"',
    'send_text(b"x")',
    'close(code="1000")',
    'accept(headers=["x"])',
]
# Result types every case file pins.
REQUIRED_RESULTS = [
    "assert_type(await ws.receive_json(), Any)",
    "assert_type(ws.url.port, int | None)",
    'assert_type(ws.headers.getlist("x"), list[str])',
    "assert_type(ws.iter_text(), AsyncIterator[str])",
    # The contract's type is a Collection, the reference's a list: each file pins its own.
    "assert_type(ws.query_params.multi_items(), ",
    "assert_type(ws.headers.items(), ",
    "assert_type(ws.client, ",
    "assert_type(await ws.receive_bytes(), bytes)",
    'assert_type(ws.url.replace(path="/other"), ',
    'assert_type(ws.url.replace("ws", "wss"), str)',
]

# One line of a case file made wrong in a broken copy: the fragment, and what replaces it.
WRONG_TYPE = ("assert_type(ws.url.port, int | None)", "assert_type(ws.url.port, int)")
# A marked misuse made legal, so that its ignore comments suppress nothing.
ACCEPTED_MISUSE = ('send_bytes("text")', 'send_bytes(b"text")')

# A diagnostic: (file name, line, mypy error code or pyright rule).
Diagnostic = tuple[str, int, str]


@dataclass
class Run:
    """The outcome of one checker run."""

    returncode: int
    errors: set[Diagnostic]
    output: str


def case_files() -> list[Path]:
    """The case files, sorted."""
    return sorted(CASES.glob("cases_*.py"))


def marked_rejections(source: str) -> dict[int, tuple[set[str], set[str]]]:
    """Line number -> (mypy codes, pyright rules) of every line carrying an ignore comment."""
    marked: dict[int, tuple[set[str], set[str]]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        mypy, pyright = MYPY_IGNORE.search(line), PYRIGHT_IGNORE.search(line)
        if mypy or pyright:
            marked[number] = (
                {code.strip() for code in (mypy["codes"] or "").split(",") if code.strip()} if mypy else set(),
                {rule.strip() for rule in (pyright["codes"] or "").split(",") if rule.strip()} if pyright else set(),
            )
    return marked


def write_variant(source: Path, directory: Path, edit: Callable[[str], str]) -> Path:
    """Write ``edit(source text)`` under ``directory`` with the same file name."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / source.name
    target.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def strip_ignores(text: str) -> str:
    """The source without its ignore comments, line numbers unchanged."""
    return "\n".join(IGNORE_SUFFIX.sub("", line) for line in text.splitlines()) + "\n"


def replace_once(fragment: str, replacement: str) -> Callable[[str], str]:
    """An edit replacing ``fragment``, which must occur exactly once."""

    def edit(text: str) -> str:
        assert text.count(fragment) == 1, f"{fragment!r} should occur once"
        return text.replace(fragment, replacement)

    return edit


def line_of(path: Path, fragment: str) -> int:
    """The line number of the only line of ``path`` containing ``fragment``."""
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if fragment in text]
    assert len(lines) == 1, f"{fragment!r} should occur once in {path.name}"
    return lines[0]


class Checkers:
    """Starts mypy and pyright, configured alike, on sets of files; runs go in parallel."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.mypy_config = directory / "mypy.ini"
        # An own config: the project's settings do not apply, and the package is found by
        # path (neither checker can follow setuptools' editable-install import hook).
        self.mypy_config.write_text(f"[mypy]\nmypy_path = {ROOT}\n", encoding="utf-8")
        self.pyright_config = directory / "pyrightconfig.json"
        pyright_settings = {
            "extraPaths": [str(ROOT)],
            "typeCheckingMode": "strict",
            "pythonVersion": "3.11",
            # Pyright would otherwise honour mypy's "# type: ignore" as well, and its own
            # ignore would never be needed.
            "enableTypeIgnoreComments": False,
            "reportUnnecessaryTypeIgnoreComment": "error",
        }
        self.pyright_config.write_text(json.dumps(pyright_settings), encoding="utf-8")

    def start_mypy(self, files: list[Path], name: str) -> subprocess.Popen[str]:
        """Start mypy --strict on ``files``."""
        command = [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--warn-unused-ignores",
            "--enable-error-code",
            "ignore-without-code",
            "--config-file",
            str(self.mypy_config),
            "--no-incremental",
            "--cache-dir",
            str(self.directory / f"mypy_cache_{name}"),
            "--python-version",
            "3.11",
            "--output",
            "json",
            *map(str, files),
        ]
        return subprocess.Popen(command, cwd=self.directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def start_pyright(self, files: list[Path]) -> subprocess.Popen[str]:
        """Start pyright, strict, on ``files``."""
        command = [
            sys.executable,
            "-m",
            "pyright",
            "--pythonpath",
            sys.executable,
            "--project",
            str(self.pyright_config),
            "--outputjson",
            *map(str, files),
        ]
        return subprocess.Popen(command, cwd=self.directory, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def mypy_result(process: subprocess.Popen[str]) -> Run:
    """The errors of a finished mypy run."""
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stdout + stderr
    errors: set[Diagnostic] = set()
    messages: list[str] = []
    # One JSON object a line; a clean run prints an empty line.
    for raw in filter(None, stdout.splitlines()):
        report = json.loads(raw)
        if report["severity"] == "error":
            errors.add((Path(report["file"]).name, report["line"], report["code"] or ""))
        messages.append(f"{Path(report['file']).name}:{report['line']}: [{report['code']}] {report['message']}")
    return Run(process.returncode, errors, "\n".join(["mypy:", *messages, stderr]))


def pyright_result(process: subprocess.Popen[str]) -> Run:
    """The errors of a finished pyright run."""
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode in (0, 1), stdout + stderr
    report = json.loads(stdout)
    assert report["summary"]["filesAnalyzed"] > 0, stdout
    errors: set[Diagnostic] = set()
    messages: list[str] = []
    for diagnostic in report["generalDiagnostics"]:
        where = (Path(diagnostic["file"]).name, diagnostic["range"]["start"]["line"] + 1)
        rule = diagnostic.get("rule", "")
        if diagnostic["severity"] == "error":
            errors.add((*where, rule))
        messages.append(f"{where[0]}:{where[1]}: [{rule}] {diagnostic['message']}")
    return Run(process.returncode, errors, "\n".join(["pyright:", *messages, stderr]))


@dataclass
class Runs:
    """Every checker run the tests look at."""

    mypy: Run
    pyright: Run
    mypy_stripped: Run
    pyright_stripped: Run
    mypy_broken: Run
    pyright_broken: Run
    wrong_type: Path
    accepted_misuse: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Run both checkers on the cases, on copies without ignores, and on broken copies."""
    directory = tmp_path_factory.mktemp("typing_cases")
    checkers = Checkers(directory)
    files = case_files()
    assert files, f"no case files in {CASES}"
    stripped = [write_variant(path, directory / "stripped", strip_ignores) for path in files]
    # The protocol cases, broken two ways, one per file so each breakage stands alone.
    protocol_cases = CASES / "cases_protocol.py"
    wrong_type = write_variant(protocol_cases, directory / "broken" / "wrong_type", replace_once(*WRONG_TYPE))
    accepted_misuse = write_variant(
        protocol_cases, directory / "broken" / "accepted_misuse", replace_once(*ACCEPTED_MISUSE)
    )
    wrong_type = wrong_type.rename(wrong_type.with_name("cases_wrong_type.py"))
    accepted_misuse = accepted_misuse.rename(accepted_misuse.with_name("cases_accepted_misuse.py"))
    broken = [wrong_type, accepted_misuse]
    processes = [
        checkers.start_mypy(files, "cases"),
        checkers.start_pyright(files),
        checkers.start_mypy(stripped, "stripped"),
        checkers.start_pyright(stripped),
        checkers.start_mypy(broken, "broken"),
        checkers.start_pyright(broken),
    ]
    return Runs(
        mypy=mypy_result(processes[0]),
        pyright=pyright_result(processes[1]),
        mypy_stripped=mypy_result(processes[2]),
        pyright_stripped=pyright_result(processes[3]),
        mypy_broken=mypy_result(processes[4]),
        pyright_broken=pyright_result(processes[5]),
        wrong_type=wrong_type,
        accepted_misuse=accepted_misuse,
    )


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", case_files(), ids=lambda path: path.stem)
def test_case_file_marks_every_rejection_for_both_checkers(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    marked = marked_rejections(source)
    for number, (mypy_codes, pyright_rules) in marked.items():
        # An ignore without a code would hide any error on its line, the expected one or not.
        assert mypy_codes, f"{path.name}:{number}: a rejected line needs a '# type: ignore[<code>]'"
        assert pyright_rules, f"{path.name}:{number}: a rejected line needs a '# pyright: ignore[<rule>]'"
    lines = source.splitlines()
    for fragment in REQUIRED_REJECTIONS:
        numbers = [n for n, line in enumerate(lines, start=1) if fragment in line]
        assert len(numbers) == 1, f"{path.name}: {fragment!r} should occur once"
        assert numbers[0] in marked, f"{path.name}: {fragment!r} should be marked as rejected"
    for fragment in REQUIRED_RESULTS:
        numbers = [n for n, line in enumerate(lines, start=1) if fragment in line]
        assert len(numbers) == 1, f"{path.name}: {fragment!r} should occur once"
        assert numbers[0] not in marked, f"{path.name}: {fragment!r} should be accepted"


def test_case_files_cover_the_protocol_and_the_reference() -> None:
    names = {path.name for path in case_files()}
    assert {"cases_protocol.py", "cases_reference.py"} <= names
    assert "wsproto_api.WebSocket" in (CASES / "cases_protocol.py").read_text(encoding="utf-8")
    assert "reference.WebSocket" in (CASES / "cases_reference.py").read_text(encoding="utf-8")


@pytest.mark.clause("URL-8", "HDR-9", "QP-8", "CONN-9", "ITER-1", "JSON-3", "JSON-5", "SEND-1", "SEND-2")
def test_mypy_accepts_the_cases(runs: Runs) -> None:
    assert runs.mypy.errors == set(), runs.mypy.output
    assert runs.mypy.returncode == 0, runs.mypy.output


@pytest.mark.clause("URL-8", "HDR-9", "QP-8", "CONN-9", "ITER-1", "JSON-3", "JSON-5", "SEND-1", "SEND-2")
def test_pyright_accepts_the_cases(runs: Runs) -> None:
    assert runs.pyright.errors == set(), runs.pyright.output
    assert runs.pyright.returncode == 0, runs.pyright.output


def test_both_checkers_reject_exactly_the_marked_lines(runs: Runs) -> None:
    expected_mypy: set[Diagnostic] = set()
    expected_pyright: set[Diagnostic] = set()
    for path in case_files():
        for number, (mypy_codes, pyright_rules) in marked_rejections(path.read_text(encoding="utf-8")).items():
            expected_mypy |= {(path.name, number, code) for code in mypy_codes}
            expected_pyright |= {(path.name, number, rule) for rule in pyright_rules}
    assert expected_mypy, "the cases mark no rejected line"
    assert runs.mypy_stripped.errors == expected_mypy, runs.mypy_stripped.output
    assert runs.pyright_stripped.errors == expected_pyright, runs.pyright_stripped.output
    mypy_lines = {(name, line) for name, line, _ in runs.mypy_stripped.errors}
    pyright_lines = {(name, line) for name, line, _ in runs.pyright_stripped.errors}
    assert mypy_lines == pyright_lines


def test_a_wrong_expected_type_fails_both_checkers(runs: Runs) -> None:
    line = line_of(runs.wrong_type, WRONG_TYPE[1])
    name = runs.wrong_type.name
    assert runs.mypy_broken.returncode == 1, runs.mypy_broken.output
    assert runs.pyright_broken.returncode == 1, runs.pyright_broken.output
    assert {e for e in runs.mypy_broken.errors if e[0] == name} == {(name, line, "assert-type")}
    assert {e for e in runs.pyright_broken.errors if e[0] == name} == {(name, line, "reportAssertTypeFailure")}


def test_a_misuse_that_type_checks_fails_both_checkers(runs: Runs) -> None:
    line = line_of(runs.accepted_misuse, ACCEPTED_MISUSE[1])
    name = runs.accepted_misuse.name
    assert {e for e in runs.mypy_broken.errors if e[0] == name} == {(name, line, "unused-ignore")}
    assert {e for e in runs.pyright_broken.errors if e[0] == name} == {
        (name, line, "reportUnnecessaryTypeIgnoreComment")
    }
