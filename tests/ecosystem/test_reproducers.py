"""The ecosystem report's reproducers and notes: each script still shows its defect, in the format the report reads.

The format is ``conformance.ecosystem.findings``'s (its docstring says it); here every
reproducer is read with it, its first line must name the installed version, and it must
still reproduce: exit with an ``AssertionError`` raised by its final ``assert``. A script that
passes, or fails another way (an ``ImportError``, a changed API), no longer reproduces
anything, and its test fails naming it.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path
from typing import Final

import pytest

from conformance.ecosystem.findings import Defect, FindingsError, read_defect, read_notes
from conformance.ecosystem.frameworks import FRAMEWORKS
from conformance.spec import current_spec
from tests.paths import ROOT

REPRODUCERS: Final = ROOT / "ecosystem" / "reproducers"
SCRIPTS: Final = sorted(REPRODUCERS.glob("*/*.py"))
NAMES: Final = [f.name for f in FRAMEWORKS]
CLAUSES: Final = current_spec().clauses
TIMEOUT: Final = 60
"""Seconds a reproducer may take; each runs in well under one, but the machine may be loaded."""

_FRAME: Final = re.compile(r'^  File "(?P<path>[^"]+)", line (?P<line>\d+)', re.M)


def installed_version(module: str) -> str | None:
    """The version of the distribution that provides the top-level ``module``, if one is installed."""
    distributions = importlib.metadata.packages_distributions().get(module, [])
    return importlib.metadata.version(distributions[0]) if distributions else None


def read_reproducer(script: Path, root: Path = ROOT) -> Defect:
    """The defect ``script`` shows, read as the report reads it, its version held to the installed one."""
    defect = read_defect(script, root, CLAUSES)
    if defect.framework not in NAMES:
        raise FindingsError(f"the folder {defect.framework!r} is no framework of the report")
    installed = installed_version(defect.framework)
    if defect.version != installed:
        raise FindingsError(f"the first line names version {defect.version}, but {installed} is installed")
    return defect


def final_assert_lines(script: Path) -> range:
    """The lines of the script's last statement (its final ``assert``), empty when it has none."""
    body = ast.parse(script.read_text(encoding="utf-8")).body
    last = body[-1] if body else None
    if not isinstance(last, ast.Assert):
        return range(0)
    return range(last.lineno, (last.end_lineno or last.lineno) + 1)


def reproduction_problem(script: Path, cwd: Path) -> str | None:
    """Run ``script`` in a child Python; say why it does not reproduce its defect, or ``None`` when it does.

    It reproduces when it exits with status 1, the last line of stderr is an ``AssertionError``,
    and the traceback ends at the script's final assert: not at an earlier one, nor at an
    ``assert`` inside the framework.
    """
    try:
        result = subprocess.run(
            [sys.executable, "-I", str(script)],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        return f"{script.name} ran for more than {TIMEOUT} s"
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    frames = _FRAME.findall(result.stderr)
    at_the_end = bool(frames) and Path(frames[-1][0]) == script and int(frames[-1][1]) in final_assert_lines(script)
    if result.returncode == 1 and last.startswith("AssertionError") and at_the_end:
        return None
    return (
        f"{script.name} exited with status {result.returncode}, not 1 with an AssertionError:\n"
        f"stdout: {result.stdout.strip()}\nstderr: {result.stderr.strip()}"
    )


def script_id(script: Path) -> str:
    """A reproducer's test id: its framework folder and file name."""
    return script.relative_to(REPRODUCERS).as_posix()


@pytest.mark.parametrize("script", SCRIPTS, ids=script_id)
def test_reproducer_follows_the_format(script: Path) -> None:
    try:
        read_reproducer(script)
    except FindingsError as error:
        pytest.fail(str(error))


@pytest.mark.parametrize("script", SCRIPTS, ids=script_id)
def test_reproducer_still_reproduces(script: Path, tmp_path: Path) -> None:
    problem = reproduction_problem(script, tmp_path)
    assert problem is None, f"{script_id(script)}: {problem}"


def test_the_frameworks_of_the_bindings_have_reproducers() -> None:
    assert {script.parent.name for script in SCRIPTS} <= set(NAMES)
    assert {"litestar", "lilya", "baize"} <= {script.parent.name for script in SCRIPTS}


GOOD_DOCSTRING = '''"""Litestar {version}: something breaks.

clauses: URL-5, CONN-10
breaks: ASGI (websocket connection scope)
expected: what ASGI says
"""
'''


def write_script(folder: Path, docstring: str, body: str) -> Path:
    script = folder / "litestar" / "case.py"
    script.parent.mkdir(exist_ok=True)
    script.write_text(docstring + body, encoding="utf-8")
    return script


def good_docstring() -> str:
    return GOOD_DOCSTRING.format(version=installed_version("litestar"))


def test_a_well_formed_reproducer_is_read(tmp_path: Path) -> None:
    script = write_script(tmp_path, good_docstring(), "import litestar\n\nassert 1 == 2, 2\n")
    version = str(installed_version("litestar"))
    assert read_reproducer(script, tmp_path) == Defect(
        framework="litestar",
        summary=f"Litestar {version}: something breaks.",
        version=version,
        clauses=("URL-5", "CONN-10"),
        breaks="ASGI",
        reference="websocket connection scope",
        expected="what ASGI says",
        script=Path("litestar/case.py"),
    )


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (("clauses: URL-5, CONN-10\n", ""), "lacks its clauses"),
        (("URL-5, CONN-10", "URL-5, URL-99"), "clause of SPEC.md"),
        (("URL-5, CONN-10", "URL-5, URL-5"), "names a clause twice"),
        (("breaks: ASGI", "breaks: HTTP"), "breaks 'HTTP"),
        (("expected: what ASGI says\n", ""), "lacks its expected"),
        (("something breaks.", "something breaks"), "first line"),
        (("breaks.\n\n", "breaks.\n"), "blank line"),
        (("\nexpected:", "\nnotes: more\nexpected:"), "'notes: more'"),
    ],
)
def test_a_malformed_docstring_is_refused(tmp_path: Path, change: tuple[str, str], complaint: str) -> None:
    old, new = change
    docstring = good_docstring()
    assert old in docstring
    script = write_script(tmp_path, docstring.replace(old, new), "assert 1 == 2, 2\n")
    with pytest.raises(FindingsError, match=re.escape(complaint)):
        read_reproducer(script, tmp_path)


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("import conformance\n\nassert 1 == 2, 2\n", "imports conformance"),
        ("assert 1 == 2, 2\nprint('done')\n", "does not end with an assert"),
        ("assert 1 == 2\n", "does not end with an assert"),
    ],
)
def test_a_malformed_body_is_refused(tmp_path: Path, body: str, complaint: str) -> None:
    script = write_script(tmp_path, good_docstring(), body)
    with pytest.raises(FindingsError, match=complaint):
        read_reproducer(script, tmp_path)


def test_a_stale_version_is_refused(tmp_path: Path) -> None:
    script = write_script(tmp_path, GOOD_DOCSTRING.format(version="0.0.1"), "assert 1 == 2, 2\n")
    with pytest.raises(FindingsError, match=re.escape("version 0.0.1")):
        read_reproducer(script, tmp_path)


@pytest.mark.parametrize(
    ("body", "reproduces"),
    [
        ("value = 2\nassert value == 1, value\n", True),
        ("value = 1\nassert value == 1, value\n", False),
        ("import no_such_framework\nassert False, 0\n", False),
        ("raise SystemExit(1)\n", False),
        ("assert 1 == 2, 'early'\nvalue = 2\nassert value == 1, value\n", False),
        ("def check():\n    assert False, 'inside'\n\n\ncheck()\nassert True, 0\n", False),
    ],
    ids=["assert-fails", "fixed", "import-error", "other-exit", "earlier-assert", "assert-in-a-call"],
)
def test_only_a_failing_final_assert_counts_as_reproducing(tmp_path: Path, body: str, reproduces: bool) -> None:
    script = tmp_path / "case.py"
    script.write_text(body, encoding="utf-8")
    problem = reproduction_problem(script, tmp_path)
    assert (problem is None) == reproduces, problem


def test_notes_name_known_frameworks_and_clauses() -> None:
    notes = read_notes(ROOT, NAMES, CLAUSES)
    assert notes, "notes.toml holds no [[note]]"
    assert all(note.text and note.clauses for note in notes)


def test_notes_of_one_framework_are_together() -> None:
    frameworks = [note.framework for note in read_notes(ROOT, NAMES, CLAUSES)]
    groups = [name for index, name in enumerate(frameworks) if index == 0 or frameworks[index - 1] != name]
    assert len(groups) == len(set(groups)), groups
