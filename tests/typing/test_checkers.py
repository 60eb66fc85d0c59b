"""conformance/checkers.py: mypy's and pyright's reports read alike, and no failed run read as a pass."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest

from conformance import checkers
from conformance.checkers import (
    CHECKERS,
    Checker,
    CheckerError,
    Diagnostic,
    expected_errors,
    parse_mypy,
    parse_pyright,
    read_run,
    run_checker,
)

HERE = Path("/project")

# mypy --output json, as mypy 2 prints it for a protocol mismatch, a reveal_type and an
# assignment; a clean run prints an empty line.
MYPY_OUTPUT = (
    '{"file": "app.py", "line": 6, "column": 7, "end_line": 6, "end_column": 10, "message": '
    '"Incompatible types in assignment (expression has type \\"C\\", variable has type \\"P\\")", '
    '"hint": "Following member(s) of \\"C\\" have conflicts:\\n    Expected:\\n        def f(self, x: int) -> int'
    '\\n    Got:\\n        def f(self, x: str) -> int", "code": "assignment", "severity": "error"}\n'
    '{"file": "app.py", "line": 7, "column": 12, "end_line": 7, "end_column": 13, "message": '
    '"Revealed type is \\"app.P\\"", "hint": null, "code": "misc", "severity": "note"}\n'
    '{"file": "sub/other.py", "line": -1, "column": -1, "end_line": -1, "end_column": -1, "message": '
    '"Duplicate module named \\"other\\"", "hint": null, "code": null, "severity": "error"}\n'
)

# pyright --outputjson for the same file, trimmed to the fields read.
PYRIGHT_OUTPUT = json.dumps(
    {
        "version": "1.1.414",
        "generalDiagnostics": [
            {
                "file": "/project/app.py",
                "severity": "error",
                "message": 'Type "C" is not assignable to declared type "P"\n  "f" is an incompatible type',
                "range": {"start": {"line": 5, "character": 7}, "end": {"line": 5, "character": 10}},
                "rule": "reportAssignmentType",
            },
            {
                "file": "/project/app.py",
                "severity": "information",
                "message": 'Type of "p" is "P"',
                "range": {"start": {"line": 6, "character": 12}, "end": {"line": 6, "character": 13}},
            },
            {"file": "/project/pyrightconfig.json", "severity": "warning", "message": "no range"},
        ],
        "summary": {"filesAnalyzed": 1, "errorCount": 1, "warningCount": 1, "informationCount": 1},
    }
)


def pyright_report(diagnostics: list[object], analyzed: int = 1) -> str:
    return json.dumps({"generalDiagnostics": diagnostics, "summary": {"filesAnalyzed": analyzed}})


# -- reading reports --------------------------------------------------------------------------


def test_mypy_report_is_read_into_one_record_a_diagnostic() -> None:
    error, note, elsewhere = parse_mypy(MYPY_OUTPUT, HERE)
    assert error == Diagnostic(
        checker="mypy",
        path=Path("/project/app.py"),
        line=6,
        column=8,
        severity="error",
        code="assignment",
        message='Incompatible types in assignment (expression has type "C", variable has type "P")',
        notes=(
            'Following member(s) of "C" have conflicts:',
            "    Expected:",
            "        def f(self, x: int) -> int",
            "    Got:",
            "        def f(self, x: str) -> int",
        ),
    )
    assert (note.line, note.column, note.severity, note.code, note.notes) == (7, 13, "note", "misc", ())
    assert (elsewhere.path, elsewhere.line, elsewhere.column, elsewhere.code) == (
        Path("/project/sub/other.py"),
        None,
        None,
        "",
    )
    assert parse_mypy("\n", HERE) == []


def test_pyright_report_is_read_into_the_same_record() -> None:
    error, information, warning = parse_pyright(PYRIGHT_OUTPUT, HERE)
    assert error == Diagnostic(
        checker="pyright",
        path=Path("/project/app.py"),
        line=6,
        column=8,
        severity="error",
        code="reportAssignmentType",
        message='Type "C" is not assignable to declared type "P"\n  "f" is an incompatible type',
    )
    assert (information.line, information.severity, information.code) == (7, "information", "")
    assert (warning.line, warning.column, warning.severity) == (None, None, "warning")


def test_a_run_gives_errors_notes_and_a_description() -> None:
    run = read_run("mypy", 1, MYPY_OUTPUT, "", HERE)
    app = Path("/project/app.py")
    assert run.errors_in(app) == {(6, "assignment")}
    assert run.notes_at(app, 6)[0] == 'Following member(s) of "C" have conflicts:'
    assert run.notes_at(app, 7) == ['Revealed type is "app.P"']
    assert run.errors[0].describe() == (
        '/project/app.py:6:8: error: Incompatible types in assignment (expression has type "C", '
        'variable has type "P")  [assignment]'
    )


# -- runs that are no verdict ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("checker", "status", "stdout", "stderr", "message"),
    [
        pytest.param(
            "mypy",
            2,
            "",
            "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n",
            "mypy failed (exit status 2: Traceback",
            id="mypy-crash",
        ),
        pytest.param(
            "mypy",
            1,
            "app.py:3: error: Boom  [misc]\n",
            "",
            "mypy gave no report: a line is not JSON: 'app.py:3: error: Boom  [misc]'",
            id="mypy-text-output",
        ),
        pytest.param("mypy", 1, "[1, 2]\n", "", "mypy gave no report: a line is not a JSON object", id="mypy-list"),
        pytest.param(
            "mypy",
            1,
            '{"file": "app.py", "line": "3", "column": 0, "message": "m", "severity": "error"}\n',
            "",
            "mypy gave no report: the line",
            id="mypy-line-not-int",
        ),
        pytest.param(
            "mypy",
            1,
            '{"file": "app.py", "line": 3, "column": 0, "message": "m", "severity": "fatal"}\n',
            "",
            "mypy gave no report: the line",
            id="mypy-unknown-severity",
        ),
        pytest.param(
            "mypy",
            1,
            "",
            "site-packages is in the MYPYPATH. Please remove it.\n",
            "mypy exited with status 1 but reported no error (exit status 1: site-packages is in the MYPYPATH",
            id="mypy-refused-config",
        ),
        pytest.param(
            "mypy",
            0,
            '{"file": "a.py", "line": 1, "column": 0, "message": "m", "code": "misc", "severity": "error"}',
            "",
            "mypy exited with status 0 but reported errors",
            id="mypy-status-0-with-errors",
        ),
        pytest.param(
            "pyright",
            3,
            "",
            "Config file could not be parsed.",
            "pyright failed (exit status 3: Config",
            id="pyright-config",
        ),
        pytest.param(
            "pyright",
            1,
            "Segmentation fault\n",
            "",
            "pyright gave no report: the output is not JSON (exit status 1: Segmentation fault)",
            id="pyright-garbage",
        ),
        pytest.param(
            "pyright",
            1,
            '{"generalDiagnostics": []}',
            "",
            "pyright gave no report: the report has no dict 'summary'",
            id="pyright-no-summary",
        ),
        pytest.param(
            "pyright",
            0,
            pyright_report([], analyzed=0),
            "",
            "pyright gave no report: it analyzed no file",
            id="pyright-no-file",
        ),
        pytest.param(
            "pyright",
            1,
            pyright_report([{"file": "/a.py", "severity": "error", "message": "m", "range": {"start": {}}}]),
            "",
            "pyright gave no report: diagnostic 0's range has no int 'line'",
            id="pyright-no-line",
        ),
        pytest.param(
            "pyright",
            1,
            pyright_report([]),
            "",
            "pyright exited with status 1 but reported no error",
            id="pyright-status-1-without-errors",
        ),
    ],
)
def test_a_run_that_is_no_report_raises(checker: Checker, status: int, stdout: str, stderr: str, message: str) -> None:
    with pytest.raises(CheckerError) as raised:
        read_run(checker, status, stdout, stderr, HERE)
    assert str(raised.value).startswith(message), raised.value


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_checker_that_is_not_there_raises(checker: Checker, tmp_path: Path) -> None:
    with pytest.raises(CheckerError, match=f"^{checker} could not be started"):
        run_checker(checker, ["a.py"], cwd=tmp_path, command=[str(tmp_path / "no-such-checker")])


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_checker_not_installed_raises(checker: Checker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkers, "locate_checker", lambda name: None)
    with pytest.raises(CheckerError, match=f"^{checker} is not installed$"):
        run_checker(checker, ["a.py"], cwd=tmp_path)


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_checker_that_hangs_raises(checker: Checker, tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import time; time.sleep(30)"]
    with pytest.raises(CheckerError, match=f"^{checker} took over 0.5 s"):
        run_checker(checker, ["a.py"], cwd=tmp_path, command=command, timeout=0.5)


# -- expected errors ---------------------------------------------------------------------------

SNIPPET = """\
ws.headers["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]
ok = 1  # an ordinary comment
port: int = ws.url.port  # expect-error: mypy[assignment]
ws.send(1, 2)  # expect-error: pyright[reportCallIssue, reportArgumentType] mypy[call-arg]
shown = "# expect-error: mypy[misc]"  # a marker in a string is no marker
"""


def test_markers_give_each_checkers_expected_errors() -> None:
    assert expected_errors(SNIPPET, "mypy") == {(1, "index"), (3, "assignment"), (4, "call-arg")}
    assert expected_errors(SNIPPET, "pyright") == {
        (1, "reportIndexIssue"),
        (4, "reportCallIssue"),
        (4, "reportArgumentType"),
    }


@pytest.mark.parametrize(
    "line",
    [
        "x = 1  # expect-error: arg-type",
        "x = 1  # expect-error: mypy[]",
        "x = 1  # expect-error: mypy[arg-type] and more",
        "x = 1  # expect-error: pyre[bad]",
        "x = 1  # expect-error:",
    ],
)
def test_a_malformed_marker_is_refused(line: str) -> None:
    with pytest.raises(ValueError, match=r"^line 1: "):
        expected_errors(line + "\n", "mypy")


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_real_run_reports_exactly_the_marked_errors(checker: Checker, tmp_path: Path) -> None:
    source = textwrap.dedent(
        """\
        def double(x: int) -> int:
            return x * 2


        double("2")  # expect-error: mypy[arg-type] pyright[reportArgumentType]
        total: str = double(2)  # expect-error: mypy[assignment] pyright[reportAssignmentType]
        fine: int = double(2)
        """
    )
    path = tmp_path / "snippet.py"
    path.write_text(source, encoding="utf-8")
    arguments = ["--no-incremental", "--cache-dir", str(tmp_path / "cache")] if checker == "mypy" else []
    run = run_checker(checker, [path.name], cwd=tmp_path, arguments=arguments)
    assert run.status == 1
    assert run.errors_in(path) == expected_errors(source, checker), run.report()
    # The comparison fails when a marked error goes away.
    fixed = source.replace('double("2")', "double(2)")
    path.write_text(fixed, encoding="utf-8")
    rerun = run_checker(checker, [path.name], cwd=tmp_path, arguments=arguments)
    assert expected_errors(fixed, checker) - rerun.errors_in(path) == {
        (5, "arg-type" if checker == "mypy" else "reportArgumentType")
    }
