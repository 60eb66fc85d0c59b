"""mypy and pyright run on files, and what they report read into one record.

:func:`run_checker` runs a checker with its machine-readable output switched on (mypy's
``--output json``, pyright's ``--outputjson``) and reads every diagnostic into a
:class:`Diagnostic`: file, line, column, severity, code, message, the same fields for both
checkers. The static tier and the project's tests that type-check snippets all read checker
output here.

A run that cannot be read as a verdict raises :class:`CheckerError`, never an empty list of
diagnostics: the checker missing or timing out, an exit status other than 0 (no error) or 1
(errors), output that is not the checker's report, an exit status that contradicts the
report, or a pyright run that analyzed no file. "Could not judge" is never "no errors".

Snippets mark the errors they expect with a trailing comment naming each checker's code::

    ws.headers["x"] = "y"  # expect-error: mypy[index] pyright[reportIndexIssue]

:func:`expected_errors` reads those markers; a run's :meth:`CheckerRun.errors_in` gives what
the checker reported, in the same form, to compare with them.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import tokenize
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, TypeVar, cast, get_args

__all__ = [
    "CHECKERS",
    "Checker",
    "CheckerError",
    "CheckerRun",
    "Diagnostic",
    "Severity",
    "expected_errors",
    "locate_checker",
    "parse_mypy",
    "parse_pyright",
    "read_run",
    "run_checker",
]

Checker = Literal["mypy", "pyright"]
"""A type checker this module runs and reads."""

CHECKERS: Final[tuple[Checker, ...]] = ("mypy", "pyright")
"""The supported checkers, in the order ``--checker all`` runs them."""

Severity = Literal["error", "warning", "information", "note"]
"""How grave a diagnostic is: mypy gives errors and notes, pyright errors, warnings and information."""

DEFAULT_TIMEOUT: Final = 300.0
"""Seconds a checker run may take before it is a :class:`CheckerError`."""

_OUTPUT_OPTIONS: Final[dict[Checker, tuple[str, ...]]] = {
    "mypy": ("--output", "json"),
    "pyright": ("--outputjson",),
}
"""The options that make each checker print the report this module reads."""

_T = TypeVar("_T")

_CHECKED_STATUS: Final = (0, 1)
"""The exit statuses of a mypy or pyright run that checked its files: no error, and errors."""


class CheckerError(Exception):
    """A checker run that is no verdict: not installed, failed, timed out, or not read as a report."""


class UnreadableOutput(ValueError):
    """Checker output that is not the report it should be."""


@dataclass(frozen=True)
class Diagnostic:
    """One diagnostic of mypy or pyright, in the same fields for both."""

    checker: Checker
    path: Path
    """The file, made absolute against the directory the checker ran in."""

    line: int | None
    """1-based; ``None`` when the diagnostic is about the file as a whole."""

    column: int | None
    """1-based; ``None`` when the checker gives none."""

    severity: Severity
    code: str
    """mypy's error code (``arg-type``) or pyright's rule (``reportArgumentType``); empty when none."""

    message: str
    notes: tuple[str, ...] = ()
    """The lines of mypy's notes on this error (its ``hint``), such as a protocol's conflicts."""

    def describe(self) -> str:
        """The diagnostic on one line, as the checkers' text output has it."""
        place = f"{self.path}" + "".join(f":{n}" for n in (self.line, self.column) if n is not None)
        code = f"  [{self.code}]" if self.code else ""
        return f"{place}: {self.severity}: {' '.join(self.message.split())}{code}"


@dataclass(frozen=True)
class CheckerRun:
    """A checker run shown to have produced a report, and that report."""

    checker: Checker
    status: int
    diagnostics: tuple[Diagnostic, ...]
    stdout: str
    stderr: str

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        """The diagnostics of severity ``error``."""
        return tuple(d for d in self.diagnostics if d.severity == "error")

    def errors_in(self, path: Path) -> set[tuple[int, str]]:
        """``(line, code)`` of each error in ``path``, the form :func:`expected_errors` gives."""
        target = path.resolve()
        return {(d.line or 0, d.code) for d in self.errors if d.path == target}

    def notes_at(self, path: Path, line: int) -> list[str]:
        """The notes mypy gives at ``line`` of ``path``: those attached to its errors, then those standing alone."""
        here = [d for d in self.diagnostics if d.path == path.resolve() and d.line == line]
        attached = [note for d in here for note in d.notes]
        return attached + [d.message for d in here if d.severity == "note"]

    def said(self) -> str:
        """The exit status and the checker's own words, to quote in an error."""
        return _said(self.status, self.stdout, self.stderr)

    def report(self) -> str:
        """Every diagnostic, one a line, then the checker's standard error: for assertion messages."""
        lines = [f"{self.checker} (exit status {self.status}):", *(d.describe() for d in self.diagnostics)]
        return "\n".join([*lines, self.stderr.strip()]).rstrip()


def _said(status: int, stdout: str, stderr: str) -> str:
    words = " ".join((stderr.strip() or stdout.strip()).split())
    return f"exit status {status}: {words[:500] or 'no output'}"


# -- running ---------------------------------------------------------------------------------


def locate_checker(checker: Checker) -> list[str] | None:
    """The command that runs ``checker``, or ``None`` when it is not installed."""
    if checker == "mypy":
        return [sys.executable, "-m", "mypy"] if importlib.util.find_spec("mypy") is not None else None
    beside = Path(sys.executable).with_name("pyright")
    found = str(beside) if beside.is_file() else shutil.which("pyright")
    return [found] if found else None


def run_checker(
    checker: Checker,
    files: Sequence[str | Path],
    *,
    cwd: Path,
    arguments: Sequence[str] = (),
    command: Sequence[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> CheckerRun:
    """Run ``checker`` on ``files`` from ``cwd`` with ``arguments``; its report, once shown to be one.

    ``command`` is how the checker is started, by default :func:`locate_checker`'s.
    """
    start = list(command) if command is not None else locate_checker(checker)
    if start is None:
        raise CheckerError(f"{checker} is not installed")
    full = [*start, *_OUTPUT_OPTIONS[checker], *arguments, *map(str, files)]
    try:
        completed = subprocess.run(full, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise CheckerError(f"{checker} took over {timeout:g} s") from None
    except OSError as error:
        raise CheckerError(f"{checker} could not be started: {error}") from None
    return read_run(checker, completed.returncode, completed.stdout, completed.stderr, cwd)


def read_run(checker: Checker, status: int, stdout: str, stderr: str, cwd: Path) -> CheckerRun:
    """The report of a finished run of ``checker``, or :class:`CheckerError` when it is none."""
    if status not in _CHECKED_STATUS:
        raise CheckerError(f"{checker} failed ({_said(status, stdout, stderr)})")
    try:
        diagnostics = _PARSERS[checker](stdout, cwd)
    except UnreadableOutput as error:
        raise CheckerError(f"{checker} gave no report: {error} ({_said(status, stdout, stderr)})") from None
    reported = any(d.severity == "error" for d in diagnostics)
    if status == 1 and not reported:
        # mypy exits 1 for a configuration it refuses, printing no report at all.
        raise CheckerError(f"{checker} exited with status 1 but reported no error ({_said(status, stdout, stderr)})")
    if status == 0 and reported:
        raise CheckerError(f"{checker} exited with status 0 but reported errors ({_said(status, stdout, stderr)})")
    return CheckerRun(checker, status, tuple(diagnostics), stdout, stderr)


# -- reading ---------------------------------------------------------------------------------


def _field(record: Mapping[str, object], key: str, kind: type[_T], what: str) -> _T:
    """``record[key]``, which must be a ``kind``; otherwise the output is unreadable."""
    value = record.get(key)
    # bool is an int, and no field read here is a bool.
    if not isinstance(value, kind) or isinstance(value, bool):
        raise UnreadableOutput(f"{what} has no {kind.__name__} {key!r}")
    return value


def _severity(value: object, allowed: tuple[Severity, ...], what: str) -> Severity:
    if value not in allowed:
        raise UnreadableOutput(f"{what} has the severity {value!r}")
    return value


def _place(cwd: Path, file: str) -> Path:
    return (cwd / file).resolve()


def parse_mypy(stdout: str, cwd: Path) -> list[Diagnostic]:
    """The diagnostics of mypy's ``--output json``: one JSON object a line (a clean run prints an empty line).

    mypy gives a 0-based column and, for a file-level error, line -1; both come out 1-based or
    ``None``. Its notes on an error are that error's ``hint``, one note a line.
    """
    diagnostics: list[Diagnostic] = []
    for raw in stdout.splitlines():
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError:
            raise UnreadableOutput(f"a line is not JSON: {raw[:200]!r}") from None
        if not isinstance(record, dict):
            raise UnreadableOutput(f"a line is not a JSON object: {raw[:200]!r}")
        fields = cast("dict[str, object]", record)
        what = f"the line {raw[:200]!r}"
        line = _field(fields, "line", int, what)
        column = _field(fields, "column", int, what)
        code, hint = fields.get("code"), fields.get("hint")
        if not isinstance(code, str | None) or not isinstance(hint, str | None):
            raise UnreadableOutput(f"{what} has a code or hint that is not a string")
        diagnostics.append(
            Diagnostic(
                checker="mypy",
                path=_place(cwd, _field(fields, "file", str, what)),
                line=line if line > 0 else None,
                column=column + 1 if column >= 0 else None,
                severity=_severity(fields.get("severity"), ("error", "note"), what),
                code=code or "",
                message=_field(fields, "message", str, what),
                notes=tuple(hint.splitlines()) if hint else (),
            )
        )
    return diagnostics


def parse_pyright(stdout: str, cwd: Path) -> list[Diagnostic]:
    """The diagnostics of pyright's ``--outputjson``: one JSON object, 0-based by line and character.

    A report that analyzed no file is unreadable: it says nothing of the files it was given.
    """
    try:
        report = json.loads(stdout)
    except ValueError:
        raise UnreadableOutput("the output is not JSON") from None
    if not isinstance(report, dict):
        raise UnreadableOutput("the output is not a JSON object")
    fields = cast("dict[str, object]", report)
    raw_diagnostics = cast("list[object]", _field(fields, "generalDiagnostics", list, "the report"))
    summary = cast("dict[str, object]", _field(fields, "summary", dict, "the report"))
    if _field(summary, "filesAnalyzed", int, "the report's summary") < 1:
        raise UnreadableOutput("it analyzed no file")
    diagnostics: list[Diagnostic] = []
    for index, item in enumerate(raw_diagnostics):
        what = f"diagnostic {index}"
        if not isinstance(item, dict):
            raise UnreadableOutput(f"{what} is not a JSON object")
        diagnostic = cast("dict[str, object]", item)
        line: int | None = None
        column: int | None = None
        if "range" in diagnostic:
            start = cast("dict[str, object]", _field(_range(diagnostic, what), "start", dict, f"{what}'s range"))
            line = _field(start, "line", int, f"{what}'s range") + 1
            character = start.get("character")
            column = character + 1 if isinstance(character, int) else None
        rule = diagnostic.get("rule", "")
        if not isinstance(rule, str):
            raise UnreadableOutput(f"{what} has a rule that is not a string")
        diagnostics.append(
            Diagnostic(
                checker="pyright",
                path=_place(cwd, _field(diagnostic, "file", str, what)),
                line=line,
                column=column,
                severity=_severity(diagnostic.get("severity"), ("error", "warning", "information"), what),
                code=rule,
                message=_field(diagnostic, "message", str, what),
            )
        )
    return diagnostics


def _range(diagnostic: dict[str, object], what: str) -> dict[str, object]:
    return cast("dict[str, object]", _field(diagnostic, "range", dict, what))


_PARSERS: Final[dict[Checker, Callable[[str, Path], list[Diagnostic]]]] = {
    "mypy": parse_mypy,
    "pyright": parse_pyright,
}


# -- expected errors -------------------------------------------------------------------------

_MARKER: Final = re.compile(r"#\s*expect-error:(?P<body>.*)$")
_EXPECTATION: Final = re.compile(r"\s*(?P<checker>\w+)\[(?P<codes>[^\]]*)\]")


def expected_errors(source: str, checker: Checker) -> set[tuple[int, str]]:
    """``(line, code)`` of each error ``source``'s markers expect from ``checker``.

    A marker is a comment, ``# expect-error: mypy[index] pyright[reportIndexIssue]``, each
    checker named with its codes, comma-separated; the line is the comment's. A line that
    names only one checker is one the other must accept. A malformed marker is a
    :class:`ValueError`: a typo must not quietly expect nothing. Text in a string is no
    marker, so a docstring may show one.
    """
    expected: set[tuple[int, str]] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        marker = _MARKER.match(token.string) if token.type == tokenize.COMMENT else None
        if marker is None:
            continue
        number, line = token.start[0], token.string
        body = marker["body"].rstrip()
        parts = list(_EXPECTATION.finditer(body))
        if not parts or "".join(part[0] for part in parts) != body:
            raise ValueError(f"line {number}: a marker reads '# expect-error: mypy[code] pyright[rule]', not {line!r}")
        for part in parts:
            if part["checker"] not in get_args(Checker):
                raise ValueError(f"line {number}: {part['checker']!r} is no checker of {get_args(Checker)}")
            codes = [code.strip() for code in part["codes"].split(",")]
            if not all(codes):
                raise ValueError(f"line {number}: {part['checker']} is named without a code in {line!r}")
            if part["checker"] == checker:
                expected.update((number, code) for code in codes)
    return expected
