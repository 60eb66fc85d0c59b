"""``--junit FILE``: every tier's JUnit XML, validated against the schema CI systems read.

``junit-10.xsd`` beside this file is Jenkins' JUnit schema as pytest's own tests keep it to
validate pytest's ``--junitxml`` output (``testing/example_scripts/junit-10.xsd`` in pytest
9.2.0's source distribution; MIT licence, its header kept).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import pytest
import xmlschema

from conformance import cli, live, static
from conformance.junit import placeholder_junit, to_junit
from conformance.outcomes import ClauseOutcome, Outcome, Report
from conformance.spec import family_of, parse_spec
from tests.paths import ROOT

SCHEMA = xmlschema.XMLSchema(str(Path(__file__).with_name("junit-10.xsd")))
SPEC = parse_spec()
STARLETTE_DEVIATIONS = ROOT / "conformance" / "deviations" / "starlette-1.10.txt"
VERDICTS = ("failure", "error", "skipped")
"""The elements a test case holds when it did not pass."""


def parse(document: str) -> ET.Element:
    """``document`` validated against the schema, parsed, and its counts checked against its test cases."""
    SCHEMA.validate(document)
    root = ET.fromstring(document)
    assert root.tag == "testsuites"
    totals = dict.fromkeys(("tests", "failures", "errors"), 0)
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(verdict(c) == "failure" for c in cases),
            "errors": sum(verdict(c) == "error" for c in cases),
            "skipped": sum(verdict(c) == "skipped" for c in cases),
        }
        assert {key: int(suite.get(key, "-1")) for key in counted} == counted, suite.get("name")
        for key in totals:
            totals[key] += counted[key]
    assert {key: int(root.get(key, "-1")) for key in totals} == totals
    return root


def verdict(case: ET.Element) -> str | None:
    """``failure``, ``error`` or ``skipped``; ``None`` for a test case that passed."""
    found = [child.tag for child in case if child.tag in VERDICTS]
    assert len(found) <= 1, found
    return found[0] if found else None


def cases(root: ET.Element) -> dict[str, ET.Element]:
    """Every test case, by name."""
    found = {case.get("name", ""): case for case in root.iter("testcase")}
    assert len(found) == len(list(root.iter("testcase"))), "test case names must be unique"
    return found


def message(case: ET.Element) -> str:
    """The message of the test case's failure, error or skip."""
    kind = verdict(case)
    assert kind is not None
    element = case.find(kind)
    assert element is not None
    return element.get("message", "")


def run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, ET.Element]:
    """Run the command line in this process with ``--junit``; its exit code and the validated file."""
    path = tmp_path / "report.xml"
    code = cli.main([*args, "--junit", str(path)])
    capsys.readouterr()
    return code, parse(path.read_text(encoding="utf-8"))


def failures_and_errors(root: ET.Element) -> tuple[int, int]:
    return int(root.get("failures", "-1")), int(root.get("errors", "-1"))


def family_ids(family: str, tier: Iterable[str]) -> list[str]:
    return [cid for cid in tier if family_of(cid) == family]


# -- the runtime tier --------------------------------------------------------------------------------------------


def test_the_reference_is_green_a_test_case_per_clause(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ("--clause", "CLOSE", "--clause", "URL-1", "--backend", "asyncio")
    code, root = run(capsys, tmp_path, "wsproto_api.reference", *args)
    assert code == 0
    assert failures_and_errors(root) == (0, 0)
    close = family_ids("CLOSE", SPEC.runtime_clauses)
    assert [s.get("name") for s in root.findall("testsuite")] == ["URL", "CLOSE"]
    assert list(cases(root)) == ["URL-1", *close]
    assert {case.get("classname") for case in root.iter("testcase")} == {"wsproto-api.URL", "wsproto-api.CLOSE"}
    assert all(verdict(case) is None for case in root.iter("testcase"))


def test_a_failed_clause_is_a_failure_carrying_its_detail(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binding = "tests.bindings.drops_close_reason"
    code, root = run(capsys, tmp_path, binding, "--clause", "CLOSE-2", "--clause", "CLOSE-15", "--backend", "asyncio")
    assert code == 1
    assert failures_and_errors(root) == (2, 0)
    found = cases(root)
    must = found["CLOSE-2"]
    assert verdict(must) == "failure"
    assert SPEC.clauses["CLOSE-2"].level == "MUST"
    assert message(must).startswith("MUST, core: failed: ")
    # SPEC.md's expectation and what the binding did: the reason it was given, and the empty one it sent.
    assert "'reason': 'going away'" in message(must)
    assert "'reason': ''" in message(must)
    body = must.findtext("failure", "")
    assert "suite/test_close.py::" in body
    # A failed SHOULD is shown, and says it does not fail the run on its own.
    should = found["CLOSE-15"]
    assert verdict(should) == "failure"
    assert message(should).startswith(f"SHOULD, feature {SPEC.clauses['CLOSE-15'].feature}: failed")
    assert "--strict" in message(should)


def test_a_blocked_clause_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Starlette's CONN-2 departure leaves ERR-1 and ERR-2 with nothing to judge.
    code, root = run(capsys, tmp_path, "starlette.websockets", "--clause", "ERR", "--backend", "asyncio")
    assert code == 3
    assert failures_and_errors(root) == (0, 2)
    for clause_id in ("ERR-1", "ERR-2"):
        case = cases(root)[clause_id]
        assert verdict(case) == "error"
        assert "not judged: blocked by CONN-2" in message(case)


def test_a_listed_deviation_is_skipped_saying_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deviations = str(STARLETTE_DEVIATIONS)
    args = ("--clause", "CONN-1", "--clause", "CONN-2", "--backend", "asyncio", "--deviations", deviations)
    code, root = run(capsys, tmp_path, "starlette.websockets", *args)
    assert code == 0
    assert failures_and_errors(root) == (0, 0)
    conn = root.find("testsuite[@name='CONN']")
    assert conn is not None
    assert conn.get("skipped") == "1"
    found = cases(root)
    assert verdict(found["CONN-1"]) is None
    assert verdict(found["CONN-2"]) == "skipped"
    assert "deviation" in message(found["CONN-2"])


def test_a_stale_deviation_is_a_failure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deviations = tmp_path / "deviations.txt"
    deviations.write_text("CLOSE-1\n", encoding="utf-8")
    args = ("--clause", "CLOSE-1", "--backend", "asyncio", "--deviations", str(deviations))
    code, root = run(capsys, tmp_path, "wsproto_api.reference", *args)
    assert code == 1
    case = cases(root)["CLOSE-1"]
    assert verdict(case) == "failure"
    assert "remove it" in message(case)


def test_an_absent_feature_is_skipped_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, root = run(capsys, tmp_path, "tests.bindings.partial_members", "--clause", "RAW", "--backend", "asyncio")
    assert code == 0
    assert failures_and_errors(root) == (0, 0)
    raw = family_ids("RAW", SPEC.runtime_clauses)
    assert [verdict(case) for case in cases(root).values()] == ["skipped"] * len(raw)
    assert all("absent" in message(case) and "raw" in message(case) for case in cases(root).values())


def test_a_run_whose_suite_process_dies_is_not_green(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    binding = "tests.bindings.hostile.exits_on_import"
    code, root = run(capsys, tmp_path, binding, "--clause", "CLOSE-1", "--backend", "asyncio")
    assert code == 3
    found = cases(root)
    assert verdict(found["CLOSE-1"]) == "error"
    assert verdict(found["run"]) == "error"
    assert "the suite's process ended before the run did" in message(found["run"])


def test_a_binding_that_does_not_load_leaves_no_junit_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "report.xml"
    assert cli.main(["tests.bindings.import_fails", "--backend", "asyncio", "--junit", str(path)]) == 2
    assert "cannot import binding" in capsys.readouterr().err
    assert not path.exists()


def test_an_unwritable_junit_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "report.xml"
    assert cli.main(["wsproto_api.reference", "--junit", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"conformance: error: --junit {str(path)!r}: cannot write there")


# -- the static and live tiers -----------------------------------------------------------------------------------


def test_static_reference_is_green(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, root = run(capsys, tmp_path, "wsproto_api.reference", "--static", "--checker", "mypy")
    assert code == 0
    assert failures_and_errors(root) == (0, 0)
    assert list(cases(root)) == list(SPEC.static_clauses)
    assert {case.get("classname") for case in root.iter("testcase")} == {"wsproto-api.TYPE"}


def test_static_starlette_fails_its_typed_departures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, root = run(capsys, tmp_path, "starlette.websockets", "--static", "--checker", "mypy")
    assert code == 1
    failed = {name for name, case in cases(root).items() if verdict(case) == "failure"}
    assert failed == {cid for cid in SPEC.static_clauses if cid in SPEC.departures}
    assert all("members not matching the contract" in message(cases(root)[cid]) for cid in failed)
    # The message is the detail's first line; the body names each member and what differs.
    assert "url: mismatch" in cases(root)["TYPE-1"].findtext("failure", "")


def test_a_checker_that_breaks_leaves_the_placeholder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> Report:
        raise static.CheckerError("mypy crashed")

    monkeypatch.setattr(static, "static_report", broken)
    code, root = run(capsys, tmp_path, "wsproto_api.reference", "--static", "--checker", "mypy")
    assert code == 3
    assert list(cases(root)) == ["run"]
    assert failures_and_errors(root) == (0, 1)


def test_live_reference_is_green(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, root = run(capsys, tmp_path, "wsproto_api.reference", "--live", "--server", "uvicorn-wsproto")
    assert code == 0
    assert failures_and_errors(root) == (0, 0)
    assert list(cases(root)) == list(SPEC.live_clauses)
    assert {case.get("classname") for case in root.iter("testcase")} == {"wsproto-api.LIVE"}


def test_live_failure_names_the_server(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    args = ("--live", "--server", "uvicorn-wsproto")
    code, root = run(capsys, tmp_path, "tests.bindings.drops_close_reason", *args)
    assert code == 1
    assert failures_and_errors(root) == (1, 0)
    case = cases(root)["LIVE-3"]
    assert verdict(case) == "failure"
    assert message(case).startswith("MUST, core: failed: uvicorn-wsproto: close(4001, 'server says bye')")


def test_an_interrupted_live_run_leaves_the_placeholder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> live.Matrix:
        raise KeyboardInterrupt

    monkeypatch.setattr(live, "run_live", interrupted)
    code, root = run(capsys, tmp_path, "wsproto_api.reference", "--live", "--server", "uvicorn-wsproto")
    assert code == 130
    assert list(cases(root)) == ["run"]
    assert failures_and_errors(root) == (0, 1)
    assert "has not finished" in message(cases(root)["run"])


# -- the document itself ----------------------------------------------------------------------------------------


def test_the_placeholder_is_valid_and_not_green() -> None:
    root = parse(placeholder_junit("pkg.ws", SPEC.version))
    assert failures_and_errors(root) == (0, 1)
    assert "has not finished" in message(cases(root)["run"])


def clause(clause_id: str, outcome: Outcome, detail: str = "", feature: str | None = None) -> ClauseOutcome:
    level = SPEC.clauses[clause_id].level
    failures = (f"{detail} [t]",) if outcome in ("failed", "deviation") else ()
    return ClauseOutcome(clause_id, level, outcome, detail, 1, failures, feature)


EVERY_OUTCOME: list[tuple[ClauseOutcome, str | None]] = [
    (clause("CONN-1", "passed"), None),
    (clause("CONN-2", "failed", "expected a refusal, nothing was raised"), "failure"),
    (clause("URL-1", "stale-deviation", "listed, but every test passes"), "failure"),
    (clause("URL-3", "deviation", "expected str, saw URL"), "skipped"),
    (clause("RAW-1", "absent", "absent: feature raw: no send", "raw"), "skipped"),
    (clause("RAW-2", "skipped", "0.1's absent", "raw"), "skipped"),
    (clause("CLOSE-1", "not-judged", "none of its tests ran"), "error"),
    (clause("CLOSE-2", "blocked", "blocked by ACCEPT-1 (accept()): OSError"), "error"),
]


def test_each_outcome_maps_to_its_junit_element() -> None:
    report = Report("pkg.ws", SPEC.version, tuple(c for c, _ in EVERY_OUTCOME))
    found = cases(parse(to_junit(report)))
    assert {name: verdict(case) for name, case in found.items()} == {c.id: v for c, v in EVERY_OUTCOME}
    for outcome, _ in EVERY_OUTCOME[1:]:
        assert outcome.detail.removeprefix("absent: ") in message(found[outcome.id])
    # Each test case says its level and feature, which the schema gives no test case attribute for.
    assert found["RAW-1"].findtext("system-out", "").startswith(f"level: {SPEC.clauses['RAW-1'].level}\nfeature: raw\n")


@pytest.mark.parametrize(
    ("report", "why"),
    [
        (Report("pkg.ws", SPEC.version, (clause("CONN-1", "passed"),), interrupted=True), "interrupted"),
        (Report("pkg.ws", SPEC.version, (clause("CONN-1", "passed"),), stopped="the run took too long"), "too long"),
        (Report("pkg.ws", SPEC.version, ()), "no clause was selected"),
    ],
    ids=["interrupted", "cut-short", "nothing-selected"],
)
def test_a_run_that_gave_no_verdict_is_never_green(report: Report, why: str) -> None:
    assert report.exit_code != 0
    root = parse(to_junit(report))
    assert failures_and_errors(root)[1] >= 1
    assert why in message(cases(root)["run"])


def test_characters_xml_cannot_hold_are_escaped() -> None:
    detail = "saw '\x00\x1b[0m' & <tag> ]]> \ud800"
    report = Report("pkg.ws", SPEC.version, (clause("CONN-2", "failed", detail),))
    case = cases(parse(to_junit(report)))["CONN-2"]
    assert "saw '\\x00\\x1b[0m' & <tag> ]]> \\ud800" in message(case)
