"""Static checks of the typing cases in tests/typing/ under both mypy and pyright.

Each case file holds ``assert_type`` lines, which both checkers must accept, and lines that
must be rejected, each ending in ``# expect-error: mypy[<code>] pyright[<rule>]``. Both
checkers run strict, and the errors each reports are compared exactly with the markers: a
rejection that goes away fails, as does an error on a line not marked. The checkers run a
second time on deliberately broken copies, to show that a wrong expectation fails both.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.checkers import CHECKERS, Checker, CheckerRun, expected_errors, run_checker
from tests.paths import ROOT

CASES = ROOT / "tests" / "typing"

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
# A marked misuse made legal, so that the error its marker expects is not reported.
ACCEPTED_MISUSE = ('send_bytes("text")', 'send_bytes(b"text")')

# The code each checker gives a failed assert_type.
ASSERT_TYPE_FAILED: dict[Checker, str] = {"mypy": "assert-type", "pyright": "reportAssertTypeFailure"}


def case_files() -> list[Path]:
    """The case files, sorted."""
    return sorted(CASES.glob("cases_*.py"))


def expected(path: Path, checker: Checker) -> set[tuple[int, str]]:
    """``(line, code)`` of each error the markers of ``path`` expect from ``checker``."""
    return expected_errors(path.read_text(encoding="utf-8"), checker)


def write_variant(source: Path, target: Path, edit: Callable[[str], str]) -> Path:
    """Write ``edit(source text)`` to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(edit(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target


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


def check(directory: Path, checker: Checker, files: list[Path], name: str) -> CheckerRun:
    """Run ``checker``, strict and configured alike for both, on ``files``."""
    if checker == "mypy":
        config = directory / "mypy.ini"
        # An own config: the project's settings do not apply, and the package is found by
        # path (neither checker can follow setuptools' editable-install import hook).
        config.write_text(f"[mypy]\nmypy_path = {ROOT}\n", encoding="utf-8")
        arguments = [
            "--strict",
            "--config-file",
            str(config),
            "--no-incremental",
            "--cache-dir",
            str(directory / f"mypy_cache_{name}"),
            "--python-version",
            "3.11",
        ]
    else:
        config = directory / "pyrightconfig.json"
        settings = {"extraPaths": [str(ROOT)], "typeCheckingMode": "strict", "pythonVersion": "3.11"}
        config.write_text(json.dumps(settings), encoding="utf-8")
        arguments = ["--pythonpath", sys.executable, "--project", str(config)]
    return run_checker(checker, files, cwd=directory, arguments=arguments, timeout=120)


@dataclass
class Runs:
    """Every checker run the tests look at, by checker."""

    cases: dict[Checker, CheckerRun]
    broken: dict[Checker, CheckerRun]
    wrong_type: Path
    accepted_misuse: Path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Run both checkers, in parallel, on the cases and on broken copies."""
    directory = tmp_path_factory.mktemp("typing_cases")
    files = case_files()
    assert files, f"no case files in {CASES}"
    # The protocol cases, broken two ways, one per file so each breakage stands alone.
    protocol_cases = CASES / "cases_protocol.py"
    wrong_type = write_variant(protocol_cases, directory / "broken" / "cases_wrong_type.py", replace_once(*WRONG_TYPE))
    accepted_misuse = write_variant(
        protocol_cases, directory / "broken" / "cases_accepted_misuse.py", replace_once(*ACCEPTED_MISUSE)
    )
    broken = [wrong_type, accepted_misuse]
    with ThreadPoolExecutor(max_workers=4) as pool:
        on_cases = {checker: pool.submit(check, directory, checker, files, "cases") for checker in CHECKERS}
        on_broken = {checker: pool.submit(check, directory, checker, broken, "broken") for checker in CHECKERS}
        return Runs(
            cases={checker: future.result() for checker, future in on_cases.items()},
            broken={checker: future.result() for checker, future in on_broken.items()},
            wrong_type=wrong_type,
            accepted_misuse=accepted_misuse,
        )


# -- the tests -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", case_files(), ids=lambda path: path.stem)
def test_case_file_marks_every_rejection_for_both_checkers(path: Path) -> None:
    mypy_lines = {line for line, _ in expected(path, "mypy")}
    pyright_lines = {line for line, _ in expected(path, "pyright")}
    # Both checkers must agree line by line: a marker names a code for each.
    assert mypy_lines == pyright_lines, f"{path.name}: a marker should name mypy and pyright alike"
    lines = path.read_text(encoding="utf-8").splitlines()
    for fragment in REQUIRED_REJECTIONS:
        numbers = [n for n, line in enumerate(lines, start=1) if fragment in line]
        assert len(numbers) == 1, f"{path.name}: {fragment!r} should occur once"
        assert numbers[0] in mypy_lines, f"{path.name}: {fragment!r} should be marked as rejected"
    for fragment in REQUIRED_RESULTS:
        numbers = [n for n, line in enumerate(lines, start=1) if fragment in line]
        assert len(numbers) == 1, f"{path.name}: {fragment!r} should occur once"
        assert numbers[0] not in mypy_lines, f"{path.name}: {fragment!r} should be accepted"


def test_case_files_cover_the_protocol_and_the_reference() -> None:
    names = {path.name for path in case_files()}
    assert {"cases_protocol.py", "cases_reference.py"} <= names
    assert "wsproto_api.WebSocket" in (CASES / "cases_protocol.py").read_text(encoding="utf-8")
    assert "reference.WebSocket" in (CASES / "cases_reference.py").read_text(encoding="utf-8")


@pytest.mark.clause("URL-8", "HDR-9", "QP-8", "CONN-9", "ITER-1", "JSON-3", "JSON-5", "SEND-1", "SEND-2")
@pytest.mark.parametrize("checker", CHECKERS)
def test_checker_rejects_exactly_the_marked_lines(runs: Runs, checker: Checker) -> None:
    run = runs.cases[checker]
    files = case_files()
    assert {d.path for d in run.errors} <= {path.resolve() for path in files}, run.report()
    for path in files:
        assert run.errors_in(path) == expected(path, checker), run.report()
    assert any(expected(path, checker) for path in files), "the cases mark no rejected line"


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_wrong_expected_type_fails_the_checker(runs: Runs, checker: Checker) -> None:
    path = runs.wrong_type
    reported = runs.broken[checker].errors_in(path)
    assert reported - expected(path, checker) == {(line_of(path, WRONG_TYPE[1]), ASSERT_TYPE_FAILED[checker])}


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_misuse_that_type_checks_fails_the_checker(runs: Runs, checker: Checker) -> None:
    path = runs.accepted_misuse
    line = line_of(path, ACCEPTED_MISUSE[1])
    missing = expected(path, checker) - runs.broken[checker].errors_in(path)
    assert {number for number, _ in missing} == {line}, runs.broken[checker].report()
