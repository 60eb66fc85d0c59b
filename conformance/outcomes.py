"""From test results to clause outcomes, and from clause outcomes to a verdict and an exit code.

A clause passes when every test of it passes on every async backend. A clause is judged only
when every one of its selected tests ran to a result: a test that was never collected, never
run, or skipped for any reason but an optional name the binding does not export leaves its
clause ``not-judged``, and a run with a clause not judged never conforms. A failure of a clause
listed in the deviations file is a ``deviation``; a listed clause that passes is a
``stale-deviation``, so that the file stays true.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from conformance.inventory import Inventory
from conformance.spec import Clause, Level, family_of

__all__ = [
    "ABSENT",
    "EXIT_CONFORMS",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_NOT_JUDGED",
    "CaseKind",
    "CaseResult",
    "ClauseOutcome",
    "Outcome",
    "Report",
    "Tally",
    "judge_clause",
]

Outcome = Literal["passed", "failed", "deviation", "stale-deviation", "skipped", "not-judged"]
"""A clause's outcome, as the JSON report spells it. ``skipped`` is kept for a clause whose
every test needs an optional name the binding does not export."""

CaseKind = Literal["passed", "failed", "expected-failure", "skipped", "not-run"]
"""What happened to one test: ``expected-failure`` is a failure the run was told to tolerate
(a SHOULD clause in a non-strict run, or a listed deviation); ``skipped`` a test that needs an
optional name the binding lacks; ``not-run`` a test that did not run to a result."""

ABSENT: Final = "absent: "
"""How the message of a skip for an absent optional name begins; any other skip is ``not-run``."""

REPORTED_LEVELS: Final[tuple[Level, ...]] = ("MUST", "SHOULD")
"""The levels the JSON summary counts."""

COUNTED_OUTCOMES: Final[tuple[Outcome, ...]] = (
    "passed",
    "failed",
    "deviation",
    "stale-deviation",
    "skipped",
    "not-judged",
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
    "skipped": 1,
    "not-run": 2,
    "expected-failure": 3,
    "failed": 4,
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
    clause: Clause, results: Sequence[CaseResult], *, listed_deviation: bool, expected: int | None = None
) -> ClauseOutcome:
    """The outcome of ``clause`` from the results of its tests.

    ``expected`` is how many tests of the clause were selected, when that is known: fewer
    results than that leave the clause not judged.
    """
    failures = tuple(f"{r.message} [{r.test}]" for r in results if r.kind in ("failed", "expected-failure"))
    outcome, detail = _outcome(results, listed_deviation=listed_deviation, expected=expected)
    return ClauseOutcome(clause.id, clause.level, outcome, failures[0] if failures else detail, len(results), failures)


def _outcome(results: Sequence[CaseResult], *, listed_deviation: bool, expected: int | None) -> tuple[Outcome, str]:
    """A clause's outcome and, unless it failed, its detail."""
    if _first(results, "failed", "expected-failure") is not None:
        return ("deviation" if listed_deviation else "failed"), ""
    if not results:
        return "not-judged", "no test of this clause was collected" if expected in (
            None,
            0,
        ) else "none of its tests ran"
    not_run = _first(results, "not-run")
    if not_run is not None:
        return "not-judged", f"{not_run.message} [{not_run.test}]"
    if expected is not None and len(results) < expected:
        return "not-judged", f"{expected - len(results)} of its {expected} tests did not run"
    if all(r.kind == "skipped" for r in results):
        return "skipped", results[0].message
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
            )
            for clause in clauses
        )
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
        """The selected clauses the run could not judge."""
        return self.by_outcome("not-judged")

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
