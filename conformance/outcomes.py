"""From test results to clause outcomes, and from clause outcomes to a verdict and an exit code.

A clause passes when every test of it passes on every async backend. A clause is judged only
when every one of its selected tests ran to a result: a test that was never collected, never
run, or skipped for any reason but a feature the binding lacks leaves its clause
``not-judged``, and a run with a clause not judged never conforms. A test whose arrangement
failed (a step that brings the connection to the situation under test, judged by another
clause) is ``blocked`` by that clause: its own clause is not blamed, and the run's verdict
follows the blocking clause's. A clause whose own tests pass but that blocked a test of the
run has failed all the same: the run saw its rule broken, in that test's arrangement. A clause
of a feature the binding lacks is ``absent``. A failure of a clause listed in the deviations
file is a ``deviation``; a listed clause that passes is a ``stale-deviation``, so that the file
stays true.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from conformance.inventory import Inventory
from conformance.spec import Clause, Level, family_of

__all__ = [
    "ABSENT",
    "BLOCKED",
    "EXIT_CONFORMS",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_JUDGED",
    "CaseKind",
    "CaseResult",
    "ClauseOutcome",
    "FeatureVerdict",
    "Outcome",
    "Report",
    "Tally",
    "judge_clause",
]

Outcome = Literal["passed", "failed", "deviation", "stale-deviation", "skipped", "not-judged", "blocked", "absent"]
"""A clause's outcome, as the JSON report spells it. ``skipped`` is no longer given (0.1's word
for what is now ``absent``); the JSON schema keeps it, since it only grows."""

CaseKind = Literal["passed", "failed", "expected-failure", "absent", "blocked", "not-run"]
"""What happened to one test: ``expected-failure`` is a failure the run was told to tolerate
(a SHOULD clause in a non-strict run, or a listed deviation); ``absent`` a test that needs a
feature the binding lacks; ``blocked`` a test whose arrangement failed; ``not-run`` a test
that did not run to a result."""

ABSENT: Final = "absent: "
"""How the message of a skip for a feature the binding lacks begins."""

BLOCKED: Final = "blocked by "
"""How the message of a skip for a failed arrangement begins: ``blocked by ACCEPT-1: ...``."""

REPORTED_LEVELS: Final[tuple[Level, ...]] = ("MUST", "SHOULD")
"""The levels the JSON summary counts."""

COUNTED_OUTCOMES: Final[tuple[Outcome, ...]] = (
    "passed",
    "failed",
    "deviation",
    "stale-deviation",
    "skipped",
    "not-judged",
    "blocked",
    "absent",
)
"""The outcomes the JSON summary counts per level, in the order the reports show them."""

EXIT_CONFORMS: Final = 0
"""Every selected clause was judged, and none fails the run."""

EXIT_FAILED: Final = 1
"""A clause fails the run, or the deviations file lists a clause that passes."""

EXIT_NOT_JUDGED: Final = 3
"""The suite could not judge every selected clause."""

EXIT_INTERRUPTED: Final = 130
"""The run was stopped by Ctrl-C, as a shell reports SIGINT."""

_SEVERITY: Final[dict[CaseKind, int]] = {
    "passed": 0,
    "absent": 1,
    "not-run": 2,
    "blocked": 3,
    "expected-failure": 4,
    "failed": 5,
}


@dataclass(frozen=True)
class CaseResult:
    """One test's result: the test, what happened, and the failure or skip message."""

    test: str
    kind: CaseKind
    message: str = ""

    def worse(self, other: CaseResult) -> bool:
        """Whether this result outweighs ``other``: a test's result is its worst phase."""
        return _SEVERITY[self.kind] > _SEVERITY[other.kind]

    @property
    def blocked_by(self) -> str:
        """The clause whose arrangement step failed, for a ``blocked`` result; else empty."""
        if self.kind != "blocked":
            return ""
        return self.message.removeprefix(BLOCKED).partition(":")[0].split(" ", 1)[0]


@dataclass(frozen=True)
class ClauseOutcome:
    """The verdict on one clause."""

    id: str
    level: Level
    outcome: Outcome
    detail: str
    """The first failure message, or why the clause was not judged; empty when it passed."""

    tests: int = 0
    """How many tests of the clause gave a result (each backend's run of a test counts)."""

    failures: tuple[str, ...] = ()
    """Every failed test's message and test ID, the first of them the one ``detail`` gives."""

    feature: str | None = None
    """The feature the clause belongs to; ``None`` for the core."""

    blocked_by: tuple[str, ...] = ()
    """The clauses whose failed arrangement steps blocked tests of this one."""

    @property
    def family(self) -> str:
        """The clause family, such as ``URL``."""
        return family_of(self.id)

    @property
    def stale_deviation(self) -> bool:
        """Listed in the deviations file, yet every test passed."""
        return self.outcome == "stale-deviation"


def _first(results: Sequence[CaseResult], *kinds: CaseKind) -> CaseResult | None:
    return next((r for r in results if r.kind in kinds), None)


def judge_clause(
    clause: Clause,
    results: Sequence[CaseResult],
    *,
    listed_deviation: bool,
    expected: int | None = None,
    excused: frozenset[str] = frozenset(),
) -> ClauseOutcome:
    """The outcome of ``clause`` from the results of its tests.

    ``expected`` is how many tests of the clause were selected, when that is known: fewer
    results than that leave the clause not judged. A test blocked by a clause in ``excused``
    (a listed deviation: its failure is known) is left out, and the clause is judged on the
    rest; with no test left, it stays blocked. A test blocked by ``clause`` itself failed.
    """
    # A test blocked by its own clause saw that clause's rule broken: it failed.
    results = [_failed_own_step(r) if r.blocked_by == clause.id else r for r in results]
    kept = [r for r in results if not (r.kind == "blocked" and r.blocked_by in excused)]
    if kept or not results:
        if expected is not None:
            expected -= len(results) - len(kept)
        results = kept
    failures = tuple(f"{r.message} [{r.test}]" for r in results if r.kind in ("failed", "expected-failure"))
    outcome, detail = _outcome(results, listed_deviation=listed_deviation, expected=expected)
    blockers = tuple(sorted({r.blocked_by for r in results if r.kind == "blocked"}))
    return ClauseOutcome(
        clause.id,
        clause.level,
        outcome,
        failures[0] if failures else detail,
        len(results),
        failures,
        clause.feature,
        blockers if outcome in ("blocked", "deviation") else (),
    )


def _failed_own_step(result: CaseResult) -> CaseResult:
    """``result``, a test blocked by its own clause, as the failure it is."""
    return CaseResult(
        result.test, "failed", f"a step of the test broke this rule: {result.message.removeprefix(BLOCKED)}"
    )


def failed_as_a_step(outcome: ClauseOutcome, blocked: CaseResult | None) -> ClauseOutcome:
    """``outcome``, failed where its clause passed its own tests but ``blocked`` another test.

    An arrangement blocks a test by the clause whose rule its step broke, so a clause that
    blocked a test has been seen failing its rule in this run; reporting it passed would say
    the opposite of what the run found. A listed deviation becomes a ``deviation``.
    """
    if blocked is None or outcome.outcome not in ("passed", "stale-deviation"):
        return outcome
    detail = f"its own tests passed, but it failed as a step of another test: {blocked.message} [{blocked.test}]"
    judged: Outcome = "deviation" if outcome.outcome == "stale-deviation" else "failed"
    return replace(outcome, outcome=judged, detail=detail, failures=(detail,))


def _outcome(results: Sequence[CaseResult], *, listed_deviation: bool, expected: int | None) -> tuple[Outcome, str]:
    """A clause's outcome and, unless it failed, its detail."""
    if _first(results, "failed", "expected-failure") is not None:
        return ("deviation" if listed_deviation else "failed"), ""
    if not results:
        return "not-judged", "no test of this clause was collected" if expected in (
            None,
            0,
        ) else "none of its tests ran"
    blocked = _first(results, "blocked")
    if blocked is not None:
        return ("deviation" if listed_deviation else "blocked"), f"{blocked.message} [{blocked.test}]"
    not_run = _first(results, "not-run")
    if not_run is not None:
        return "not-judged", f"{not_run.message} [{not_run.test}]"
    if expected is not None and len(results) < expected:
        return "not-judged", f"{expected - len(results)} of its {expected} tests did not run"
    if all(r.kind == "absent" for r in results):
        return "absent", results[0].message
    if listed_deviation:
        return "stale-deviation", "listed in the deviations file, but every test of it passes: remove it from the file"
    return "passed", ""


@dataclass(frozen=True)
class Report:
    """The outcome of a run against one binding."""

    binding: str
    spec_version: str
    clauses: tuple[ClauseOutcome, ...]
    strict: bool = False
    stopped: str = ""
    """Why the run ended before it judged every selected clause; empty when it ran to the end."""

    interrupted: bool = False
    """Whether Ctrl-C stopped the run."""

    members: Inventory | None = None
    """The contract's members the binding's connection lacks or has in the wrong kind, when taken."""

    @classmethod
    def judge(
        cls,
        binding: str,
        spec_version: str,
        clauses: Iterable[Clause],
        results: Mapping[str, Sequence[CaseResult]],
        *,
        deviations: frozenset[str] = frozenset(),
        strict: bool = False,
        expected: Mapping[str, int] | None = None,
        stopped: str = "",
        interrupted: bool = False,
        members: Inventory | None = None,
    ) -> Report:
        """Judge every clause, in SPEC.md order, from the results recorded for it.

        ``expected`` counts the tests selected for each clause, when the run knows them.
        """
        outcomes = tuple(
            judge_clause(
                clause,
                results.get(clause.id, ()),
                listed_deviation=clause.id in deviations,
                expected=None if expected is None else expected.get(clause.id, 0),
                excused=deviations,
            )
            for clause in clauses
        )
        first_blocked: dict[str, CaseResult] = {}
        for clause_results in results.values():
            for result in clause_results:
                if result.kind == "blocked":
                    first_blocked.setdefault(result.blocked_by, result)
        outcomes = tuple(failed_as_a_step(outcome, first_blocked.get(outcome.id)) for outcome in outcomes)
        return cls(binding, spec_version, outcomes, strict, stopped, interrupted, members)

    def by_outcome(self, outcome: Outcome, level: Level | None = None) -> list[ClauseOutcome]:
        """The clauses with ``outcome``, optionally only those of ``level``."""
        return [c for c in self.clauses if c.outcome == outcome and (level is None or c.level == level)]

    @property
    def stale_deviations(self) -> list[ClauseOutcome]:
        """Clauses listed as deviations that pass."""
        return self.by_outcome("stale-deviation")

    @property
    def failing(self) -> list[ClauseOutcome]:
        """The failed clauses that fail the run: every MUST, and SHOULD too when strict."""
        return [c for c in self.by_outcome("failed") if c.level == "MUST" or self.strict]

    @property
    def not_judged(self) -> list[ClauseOutcome]:
        """The selected clauses the run could not judge: ``not-judged`` and ``blocked`` ones.

        A blocked clause is not judged even when its blocker is a listed deviation: exit 0
        means every clause was judged, so a known gap is listed, blocked clauses included.
        """
        return [c for c in self.clauses if c.outcome in ("not-judged", "blocked")]

    def root_causes(self) -> list[tuple[ClauseOutcome, int]]:
        """The failed clauses, those that block the most others first, each with how many it blocks."""
        blocks: dict[str, int] = {}
        for clause in self.clauses:
            if clause.outcome in ("blocked", "deviation"):
                for blocker in clause.blocked_by:
                    blocks[blocker] = blocks.get(blocker, 0) + 1
        failed = [c for c in self.clauses if c.outcome in ("failed", "deviation")]
        order = {c.id: index for index, c in enumerate(self.clauses)}
        failed.sort(key=lambda c: (-blocks.get(c.id, 0), c.level != "MUST", order[c.id]))
        return [(c, blocks.get(c.id, 0)) for c in failed]

    def features(self) -> dict[str, FeatureVerdict]:
        """Each feature's verdict, from its clauses' outcomes, in SPEC.md's order."""
        verdicts: dict[str, FeatureVerdict] = {}
        for clause in self.clauses:
            if clause.feature is None:
                continue
            verdict = verdicts.setdefault(clause.feature, FeatureVerdict(clause.feature))
            verdict.add(clause)
        return verdicts

    @property
    def conforms(self) -> bool:
        """Every selected clause was judged, none fails the run, and no deviation is stale."""
        return self.exit_code == EXIT_CONFORMS

    @property
    def exit_code(self) -> int:
        """0 only when every selected clause was judged and none fails the run.

        130 for a run stopped by Ctrl-C; else 1 when a clause fails the run; else 3 when a
        clause was not judged (or nothing was); else 1 for a stale deviation.
        """
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.failing:
            return EXIT_FAILED
        if self.not_judged or self.stopped or not self.clauses:
            return EXIT_NOT_JUDGED
        return EXIT_FAILED if self.stale_deviations else EXIT_CONFORMS

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per level and outcome, as the JSON report's ``summary``."""
        return {
            level: {outcome: len(self.by_outcome(outcome, level)) for outcome in COUNTED_OUTCOMES}
            for level in REPORTED_LEVELS
        }


@dataclass
class FeatureVerdict:
    """How a binding fares on one feature: absent, or judged by its clauses."""

    name: str
    clauses: int = 0
    absent: int = 0
    failed: list[str] = field(default_factory=list[str])
    """The feature's clauses that failed (or are listed deviations), by ID."""
    unjudged: int = 0
    """Clauses blocked or not judged."""
    detail: str = ""
    """Why the feature is absent, when it is."""

    def add(self, clause: ClauseOutcome) -> None:
        """Count one of the feature's clauses."""
        self.clauses += 1
        if clause.outcome == "absent":
            self.absent += 1
            self.detail = self.detail or clause.detail.removeprefix(ABSENT)
        elif clause.outcome in ("failed", "deviation"):
            self.failed.append(clause.id)
        elif clause.outcome in ("blocked", "not-judged"):
            self.unjudged += 1

    @property
    def status(self) -> Literal["absent", "conforms", "fails", "not-judged"]:
        """``absent`` when every clause is; else ``fails`` when one failed; else whether all were judged."""
        if self.clauses and self.absent == self.clauses:
            return "absent"
        if self.failed:
            return "fails"
        return "not-judged" if self.unjudged else "conforms"

    def describe(self) -> str:
        """A few words for the summary: ``absent (...)``, ``fails 3 clauses``, ``conforms``."""
        if self.status == "absent":
            return f"absent ({self.detail})" if self.detail else "absent"
        if self.status == "fails":
            return f"fails {len(self.failed)} clause{'s' if len(self.failed) != 1 else ''} ({', '.join(self.failed)})"
        return self.status


@dataclass
class Tally:
    """The results of one run's tests as they come in, and the report they add up to."""

    collected: dict[str, str] = field(default_factory=dict[str, str])
    """Each selected test's clause, by test ID."""

    results: dict[str, tuple[str, CaseResult]] = field(default_factory=dict[str, tuple[str, CaseResult]])
    """Each test's clause and worst result so far, by test ID."""

    def record(self, clause_id: str, result: CaseResult) -> None:
        """Keep ``result`` for its test unless an earlier phase of the test did worse."""
        current = self.results.get(result.test)
        if current is None or result.worse(current[1]):
            self.results[result.test] = (clause_id, result)

    def report(
        self,
        binding: str,
        spec_version: str,
        clauses: Iterable[Clause],
        *,
        deviations: frozenset[str],
        strict: bool,
        stopped: str = "",
        interrupted: bool = False,
        members: Inventory | None = None,
    ) -> Report:
        """Judge ``clauses`` from what has come in; a selected test with no result leaves its clause unjudged."""
        by_clause: dict[str, list[CaseResult]] = {}
        for clause_id, result in self.results.values():
            by_clause.setdefault(clause_id, []).append(result)
        expected: dict[str, int] = {}
        for clause_id in self.collected.values():
            expected[clause_id] = expected.get(clause_id, 0) + 1
        return Report.judge(
            binding,
            spec_version,
            clauses,
            by_clause,
            deviations=deviations,
            strict=strict,
            expected=expected,
            stopped=stopped,
            interrupted=interrupted,
            members=members,
        )
