"""Judging clauses from test results, the exit code, the deviations file, and the three reports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conformance.deviations import DeviationsError, read_deviations
from conformance.outcomes import CaseResult, Report, judge_clause
from conformance.report import terminal_summary, to_json, to_markdown, write_json
from conformance.spec import Clause, parse_spec

SPEC = parse_spec()
MUST = Clause("SEND-1", "MUST", "rule")
SHOULD = Clause("RAW-4", "SHOULD", "rule")
PASS = CaseResult("t[asyncio]", "passed")
PASS_TRIO = CaseResult("t[trio]", "passed")
FAIL = CaseResult("t[trio]", "failed", "expected 1, saw 2")
TOLERATED = CaseResult("t[trio]", "expected-failure", "expected 1, saw 3")
SKIP = CaseResult("t", "absent", "absent: feature websocket-close: the binding has none of WebSocketClose")
BLOCKED = CaseResult("t[trio]", "blocked", "blocked by ACCEPT-1 (accept()): OSError: gone")
NOT_RUN = CaseResult("t[trio]", "not-run", "a fixture skipped it")


@pytest.mark.parametrize(
    ("results", "listed", "outcome", "detail"),
    [
        ([PASS, PASS_TRIO], False, "passed", ""),
        ([PASS, FAIL], False, "failed", "expected 1, saw 2 [t[trio]]"),
        ([PASS, TOLERATED], False, "failed", "expected 1, saw 3 [t[trio]]"),
        ([PASS, TOLERATED], True, "deviation", "expected 1, saw 3 [t[trio]]"),
        ([SKIP], False, "absent", "absent: feature websocket-close: the binding has none of WebSocketClose"),
        ([PASS, BLOCKED], False, "blocked", "blocked by ACCEPT-1 (accept()): OSError: gone [t[trio]]"),
        ([BLOCKED, FAIL], False, "failed", "expected 1, saw 2 [t[trio]]"),
        ([BLOCKED, NOT_RUN], False, "blocked", "blocked by ACCEPT-1 (accept()): OSError: gone [t[trio]]"),
        ([PASS, BLOCKED], True, "deviation", "blocked by ACCEPT-1 (accept()): OSError: gone [t[trio]]"),
        ([SKIP, PASS], False, "passed", ""),
        ([SKIP, FAIL], False, "failed", "expected 1, saw 2 [t[trio]]"),
        ([], False, "not-judged", "no test of this clause was collected"),
        ([PASS, NOT_RUN], False, "not-judged", "a fixture skipped it [t[trio]]"),
        ([NOT_RUN, FAIL], False, "failed", "expected 1, saw 2 [t[trio]]"),
        ([PASS, NOT_RUN], True, "not-judged", "a fixture skipped it [t[trio]]"),
    ],
)
def test_judge_clause(results: list[CaseResult], listed: bool, outcome: str, detail: str) -> None:
    judged = judge_clause(MUST, results, listed_deviation=listed)
    assert (judged.outcome, judged.detail, judged.stale_deviation) == (outcome, detail, False)


@pytest.mark.parametrize(
    ("results", "expected", "outcome", "detail"),
    [
        ([PASS, PASS_TRIO], 2, "passed", ""),
        ([PASS], 2, "not-judged", "1 of its 2 tests did not run"),
        ([], 2, "not-judged", "none of its tests ran"),
        ([], 0, "not-judged", "no test of this clause was collected"),
        ([FAIL], 2, "failed", "expected 1, saw 2 [t[trio]]"),
    ],
)
def test_a_clause_is_judged_only_when_every_selected_test_ran(
    results: list[CaseResult], expected: int, outcome: str, detail: str
) -> None:
    judged = judge_clause(MUST, results, listed_deviation=False, expected=expected)
    assert (judged.outcome, judged.detail) == (outcome, detail)


def test_a_listed_clause_that_passes_is_a_stale_deviation() -> None:
    judged = judge_clause(MUST, [PASS, PASS_TRIO], listed_deviation=True)
    assert judged.outcome == "stale-deviation"
    assert judged.stale_deviation
    assert "remove it from the file" in judged.detail


def _report(must: list[CaseResult], should: list[CaseResult], *, strict: bool = False, listed: str = "") -> Report:
    deviations = frozenset({listed} - {""})
    results = {"SEND-1": must, "RAW-4": should}
    return Report.judge("pkg.ws", "0.1.0", [MUST, SHOULD], results, deviations=deviations, strict=strict)


@pytest.mark.parametrize(
    ("must", "should", "strict", "listed", "exit_code"),
    [
        ([PASS], [PASS], False, "", 0),
        ([FAIL], [PASS], False, "", 1),
        ([PASS], [TOLERATED], False, "", 0),
        ([PASS], [FAIL], True, "", 1),
        ([TOLERATED], [PASS], False, "SEND-1", 0),
        ([PASS], [PASS], False, "SEND-1", 1),
        ([PASS], [TOLERATED], True, "RAW-4", 0),
        ([PASS], [NOT_RUN], False, "", 3),
        ([FAIL], [NOT_RUN], False, "", 1),
        ([SKIP], [PASS], False, "", 0),
        ([], [PASS], False, "", 3),
    ],
    ids=[
        "all-pass",
        "must-fails",
        "should-fails",
        "should-fails-strict",
        "deviation",
        "stale",
        "strict-deviation",
        "not-judged",
        "fails-and-not-judged",
        "absent-name",
        "not-collected",
    ],
)
def test_exit_code(must: list[CaseResult], should: list[CaseResult], strict: bool, listed: str, exit_code: int) -> None:
    assert _report(must, should, strict=strict, listed=listed).exit_code == exit_code


ZERO = {"stale-deviation": 0, "skipped": 0, "not-judged": 0, "blocked": 0, "absent": 0}
"""The counts of the outcomes a report has none of, besides passed, failed and deviation."""


def test_json_report_has_the_fixed_schema(tmp_path: Path) -> None:
    report = _report([TOLERATED], [FAIL], listed="SEND-1")
    write_json(report, tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == {
        "binding": "pkg.ws",
        "spec": "0.1.0",
        "verdict": {
            "conforms": True,
            "strict": False,
            "exit_code": 0,
            "complete": True,
            "text": "conforms (MUST clauses), with SHOULD clauses failed: RAW-4, with 1 listed deviations",
            "seed_api": False,
        },
        "members": None,
        "summary": {
            "MUST": {"passed": 0, "failed": 0, "deviation": 1, **ZERO},
            "SHOULD": {"passed": 0, "failed": 1, "deviation": 0, **ZERO},
        },
        "features": {},
        "clauses": [
            {
                "id": "SEND-1",
                "level": "MUST",
                "outcome": "deviation",
                "detail": "expected 1, saw 3 [t[trio]]",
                "tests": 1,
                "failures": ["expected 1, saw 3 [t[trio]]"],
                "failed_tests": 1,
                "feature": None,
                "blocked_by": [],
            },
            {
                "id": "RAW-4",
                "level": "SHOULD",
                "outcome": "failed",
                "detail": "expected 1, saw 2 [t[trio]]",
                "tests": 1,
                "failures": ["expected 1, saw 2 [t[trio]]"],
                "failed_tests": 1,
                "feature": None,
                "blocked_by": [],
            },
        ],
    }
    assert to_json(report)["clauses"][0]["id"] == "SEND-1"


def test_terminal_summary_groups_by_family_and_gives_first_failures() -> None:
    summary = terminal_summary(_report([FAIL], [TOLERATED]))
    assert "  SEND    MUST 0 passed, 1 failed\n" in summary
    assert "    SEND-1 (MUST) failed: expected 1, saw 2 [t[trio]]\n" in summary
    assert "  RAW     SHOULD 0 passed, 1 failed\n" in summary
    assert summary.endswith("pkg.ws: does not conform: SEND-1 failed\n")


def test_terminal_summary_names_stale_deviations() -> None:
    summary = terminal_summary(_report([PASS], [PASS], listed="RAW-4"))
    assert "RAW-4 (SHOULD) stale-deviation: listed in the deviations file" in summary
    assert summary.endswith("pkg.ws: stale deviations file: RAW-4 now pass\n")


def test_markdown_is_one_row_per_clause_with_pipes_escaped() -> None:
    failing = CaseResult("t", "failed", "expected 'a|b', saw 'a'")
    lines = to_markdown(_report([failing], [PASS])).splitlines()
    assert lines[2] == "Verdict: does not conform: SEND-1 failed (exit code 1)."
    assert lines[4:6] == ["| feature | verdict |", "| --- | --- |"]
    assert lines[7:9] == ["| clause | level | feature | outcome | detail |", "| --- | --- | --- | --- | --- |"]
    assert lines[9] == "| SEND-1 | MUST | core | failed | expected 'a\\|b', saw 'a' [t] |"
    assert lines[10] == "| RAW-4 | SHOULD | core | passed |  |"
    assert len(lines) == 11


def test_deviations_file(tmp_path: Path) -> None:
    path = tmp_path / "deviations.txt"
    path.write_text("# known\nURL-1\n\n  HDR-2   # case folding\n", encoding="utf-8")
    assert read_deviations(path, {"URL-1", "HDR-2", "QP-6"}) == {"URL-1", "HDR-2"}


def test_deviations_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "deviations.txt"
    path.write_text("URL-1\n", encoding="utf-8-sig")
    assert read_deviations(path, {"URL-1", "HDR-2"}) == {"URL-1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("URL-1\nURL-99\n", r"deviations.txt:2: 'URL-99' is neither a clause nor a feature of SPEC.md"),
        ("URL-1\nURL-1\n", r"deviations.txt:2: URL-1 is listed twice"),
        ("url-1\n", r"deviations.txt:1: 'url-1' is neither a clause nor a feature"),
    ],
)
def test_deviations_file_errors_name_the_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "deviations.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeviationsError, match=message):
        read_deviations(path, {"URL-1"})


def test_deviations_file_names_what_replaced_a_retired_id(tmp_path: Path) -> None:
    # Read from SPEC.md, so the test follows the spec's own retired list.
    retired_id, replaced = next(iter(SPEC.retired.items()))
    path = tmp_path / "deviations.txt"
    path.write_text(f"{retired_id}\n", encoding="utf-8")
    with pytest.raises(DeviationsError, match=f"deviations.txt:1: {retired_id} is retired, {re.escape(replaced)}"):
        read_deviations(path, SPEC.clauses.keys(), SPEC.feature_map, SPEC.retired)


def test_missing_deviations_file(tmp_path: Path) -> None:
    with pytest.raises(DeviationsError, match="cannot read deviations file"):
        read_deviations(tmp_path / "absent.txt", {"URL-1"})


def test_terminal_summary_names_absent_features_once() -> None:
    absent = Clause("CLOSE-5", "MUST", "rule", feature="websocket-close")
    report = Report.judge("pkg.ws", "0.2.0", [MUST, absent], {"SEND-1": [PASS], "CLOSE-5": [SKIP, SKIP]})
    summary = terminal_summary(report)
    assert summary.endswith("pkg.ws: conforms; features absent: websocket-close\n")
    assert "CLOSE-5" not in summary


def test_a_clause_not_judged_never_conforms() -> None:
    report = _report([PASS], [NOT_RUN])
    summary = terminal_summary(report)
    assert "    RAW-4 not-judged: a fixture skipped it [t[trio]]\n" in summary
    assert summary.endswith("pkg.ws: not judged: RAW-4\n")
    assert to_json(report)["verdict"] == {
        "conforms": False,
        "strict": False,
        "exit_code": 3,
        "complete": False,
        "text": "not judged: RAW-4",
        "seed_api": False,
    }


def test_a_run_that_judged_nothing_never_conforms() -> None:
    report = Report("pkg.ws", "0.1.0", ())
    assert report.exit_code == 3
    assert terminal_summary(report).endswith("pkg.ws: not judged: no clause was selected\n")


def test_a_failed_clause_shows_how_many_of_its_tests_failed_and_the_first_few() -> None:
    failures = [CaseResult(f"t{n}", "failed", f"saw {n}") for n in range(5)]
    report = _report([PASS, *failures], [PASS])
    [send] = [c for c in report.clauses if c.id == "SEND-1"]
    assert (send.detail, send.tests, len(send.failures)) == ("saw 0 [t0]", 6, 5)
    summary = terminal_summary(report)
    assert "    SEND-1 (MUST) failed: saw 0 [t0]\n      5 of its 6 tests failed; also:\n" in summary
    assert "      - saw 1 [t1]\n      - saw 2 [t2]\n  RAW" in summary
    clause = to_json(report)["clauses"][0]
    assert (clause["failures"], clause["failed_tests"], clause["tests"]) == (
        ["saw 0 [t0]", "saw 1 [t1]", "saw 2 [t2]"],
        5,
        6,
    )


# -- blocked clauses, absent features, root causes -------------------------------------------------

ACCEPT = Clause("ACCEPT-1", "MUST", "rule")
CLOSE = Clause("CLOSE-1", "MUST", "rule")
STATE = Clause("STATE-1", "MUST", "rule", feature="state")
STATE_9 = Clause("STATE-9", "MUST", "rule", feature="state")


def _blocking_report(accept: list[CaseResult], *, listed: frozenset[str] = frozenset()) -> Report:
    results = {"ACCEPT-1": accept, "CLOSE-1": [PASS, BLOCKED], "STATE-1": [SKIP], "STATE-9": [SKIP]}
    return Report.judge("pkg.ws", "0.2.0", [ACCEPT, CLOSE, STATE, STATE_9], results, deviations=listed)


def test_a_test_blocked_by_its_own_clause_failed_it() -> None:
    accept = _blocking_report([PASS, BLOCKED]).clauses[0]
    detail = f"a step of the test broke this rule: {BLOCKED.message.removeprefix('blocked by ')} [{BLOCKED.test}]"
    assert (accept.outcome, accept.detail, accept.blocked_by) == ("failed", detail, ())


def test_blocked_clause_names_its_blocker() -> None:
    report = _blocking_report([FAIL])
    close = report.clauses[1]
    assert (close.outcome, close.blocked_by) == ("blocked", ("ACCEPT-1",))


@pytest.mark.parametrize(
    ("accept", "listed", "exit_code"),
    [
        ([FAIL], frozenset[str](), 1),  # the blocker fails the run; the blocked clause follows it
        ([FAIL], frozenset({"ACCEPT-1"}), 0),  # a listed blocker excuses the test: the rest pass
        ([FAIL], frozenset({"ACCEPT-1", "CLOSE-1"}), 1),  # the blocked test excused, CLOSE-1's listing is stale
        ([PASS], frozenset[str](), 1),  # the blocker passed its own tests, and failed as the step
    ],
)
def test_a_blocked_clause_never_passes_silently(
    accept: list[CaseResult], listed: frozenset[str], exit_code: int
) -> None:
    report = _blocking_report(accept, listed=listed)
    assert report.exit_code == exit_code
    if not listed:
        assert [c.id for c in report.not_judged] == ["CLOSE-1"]


@pytest.mark.parametrize(("listed", "outcome"), [(frozenset[str](), "failed"), (frozenset({"ACCEPT-1"}), "deviation")])
def test_a_clause_that_blocked_a_test_is_not_passed(listed: frozenset[str], outcome: str) -> None:
    # Its own tests passed, but the run saw its rule broken in another test's arrangement.
    accept = _blocking_report([PASS, PASS_TRIO], listed=listed).clauses[0]
    assert accept.outcome == outcome
    assert accept.detail.startswith("its own tests passed, but it failed as a step of another test: ")
    assert accept.detail.endswith(f"{BLOCKED.message} [{BLOCKED.test}]")
    assert accept.failures == (accept.detail,)


def test_absent_feature_is_reported_once_and_fails_nothing() -> None:
    report = _blocking_report([FAIL], listed=frozenset({"ACCEPT-1"}))
    assert report.exit_code == 0
    features = report.features()
    assert list(features) == ["state"]
    assert features["state"].status == "absent"
    assert "websocket-close" in features["state"].describe()
    summary = terminal_summary(report)
    assert summary.count("STATE-1") == 0
    assert "features: state absent" in summary
    assert to_json(report)["features"]["state"]["status"] == "absent"


def test_root_causes_put_the_clause_that_blocks_most_first() -> None:
    report = Report.judge(
        "pkg.ws",
        "0.2.0",
        [ACCEPT, CLOSE, STATE, MUST],
        {"ACCEPT-1": [FAIL], "CLOSE-1": [BLOCKED], "STATE-1": [BLOCKED], "SEND-1": [FAIL]},
    )
    causes = report.root_causes()
    assert [(c.id, n) for c, n in causes] == [("ACCEPT-1", 2), ("SEND-1", 0)]
    summary = terminal_summary(report)
    assert "fix first: ACCEPT-1 (blocks 2), SEND-1" in summary
    assert summary.index("fix first") < summary.index("ACCEPT  ")
    document = to_json(report)
    assert document["clauses"][1]["blocked_by"] == ["ACCEPT-1"]
    assert document["features"]["state"]["status"] == "not-judged"


def test_deviations_file_may_name_a_feature(tmp_path: Path) -> None:
    path = tmp_path / "deviations.txt"
    path.write_text("state  # no introspection\nURL-1\n", encoding="utf-8")
    listed = read_deviations(path, {"URL-1", "STATE-1", "STATE-9"}, {"state": ["STATE-1", "STATE-9"]})
    assert listed == {"URL-1", "STATE-1", "STATE-9"}
    path.write_text("stat\n", encoding="utf-8")
    with pytest.raises(DeviationsError, match="neither a clause nor a feature"):
        read_deviations(path, {"URL-1"}, {"state": ["STATE-1"]})


def test_a_clause_blocked_only_by_a_listed_deviation_stays_blocked() -> None:
    report = Report.judge(
        "pkg.ws",
        "0.2.0",
        [ACCEPT, CLOSE],
        {"ACCEPT-1": [FAIL], "CLOSE-1": [BLOCKED]},
        deviations=frozenset({"ACCEPT-1"}),
    )
    assert report.clauses[1].outcome == "blocked"
    assert report.exit_code == 3
