"""From test results to clause outcomes, and from clause outcomes to an exit code.

A clause passes when every test of it passes on every async backend. A failure of a clause
listed in the deviations file is a ``deviation``; a listed clause that passes is still
``passed``, flagged as a stale entry so that the file stays true.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from conformance.spec import Clause, Level, family_of

__all__ = [
    "CaseKind",
    "CaseResult",
    "ClauseOutcome",
    "Outcome",
    "Report",
    "judge_clause",
]

Outcome = Literal["passed", "failed", "deviation", "skipped"]
"""A clause's outcome, as the JSON report spells it."""

CaseKind = Literal["passed", "failed", "expected-failure", "skipped"]
"""What happened to one test: ``expected-failure`` is a failure the run was told to tolerate
(a SHOULD clause in a non-strict run, or a listed deviation)."""

REPORTED_LEVELS: Final[tuple[Level, ...]] = ("MUST", "SHOULD")
"""The levels the JSON summary counts."""

COUNTED_OUTCOMES: Final[tuple[Outcome, ...]] = ("passed", "failed", "deviation")
"""The outcomes the JSON summary counts per level."""


@dataclass(frozen=True)
class CaseResult:
    """One test's result: the test, what happened, and the failure or skip message."""

    test: str
    kind: CaseKind
    message: str = ""


@dataclass(frozen=True)
class ClauseOutcome:
    """The verdict on one clause."""

    id: str
    level: Level
    outcome: Outcome
    detail: str
    """The first failure message; empty when the clause passed."""

    stale_deviation: bool = False
    """Listed in the deviations file, yet every test passed."""

    @property
    def family(self) -> str:
        """The clause family, such as ``URL``."""
        return family_of(self.id)


def _first_failure(results: Sequence[CaseResult]) -> CaseResult | None:
    return next((r for r in results if r.kind in ("failed", "expected-failure")), None)


def judge_clause(clause: Clause, results: Sequence[CaseResult], *, listed_deviation: bool) -> ClauseOutcome:
    """The outcome of ``clause`` from the results of its tests."""
    failure = _first_failure(results)
    if failure is not None:
        outcome: Outcome = "deviation" if listed_deviation else "failed"
        return ClauseOutcome(clause.id, clause.level, outcome, f"{failure.message} [{failure.test}]")
    if not results or all(r.kind == "skipped" for r in results):
        reason = results[0].message if results else "no test of this clause ran"
        return ClauseOutcome(clause.id, clause.level, "skipped", reason)
    if listed_deviation:
        detail = "listed in the deviations file, but every test of it passes: remove it from the file"
        return ClauseOutcome(clause.id, clause.level, "passed", detail, stale_deviation=True)
    return ClauseOutcome(clause.id, clause.level, "passed", "")


@dataclass(frozen=True)
class Report:
    """The outcome of a run against one binding."""

    binding: str
    spec_version: str
    clauses: tuple[ClauseOutcome, ...]
    strict: bool = False

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
    ) -> Report:
        """Judge every clause, in SPEC.md order, from the results recorded for it."""
        outcomes = tuple(
            judge_clause(clause, results.get(clause.id, ()), listed_deviation=clause.id in deviations)
            for clause in clauses
        )
        return cls(binding, spec_version, outcomes, strict)

    def by_outcome(self, outcome: Outcome, level: Level | None = None) -> list[ClauseOutcome]:
        """The clauses with ``outcome``, optionally only those of ``level``."""
        return [c for c in self.clauses if c.outcome == outcome and (level is None or c.level == level)]

    @property
    def stale_deviations(self) -> list[ClauseOutcome]:
        """Clauses listed as deviations that pass."""
        return [c for c in self.clauses if c.stale_deviation]

    @property
    def failing(self) -> list[ClauseOutcome]:
        """The failed clauses that fail the run: every MUST, and SHOULD too when strict."""
        return [c for c in self.by_outcome("failed") if c.level == "MUST" or self.strict]

    @property
    def exit_code(self) -> int:
        """0 when the binding conforms; 1 on a failing clause or a stale deviation."""
        return 1 if self.failing or self.stale_deviations else 0

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts per level and outcome, as the JSON report's ``summary``."""
        return {
            level: {outcome: len(self.by_outcome(outcome, level)) for outcome in COUNTED_OUTCOMES}
            for level in REPORTED_LEVELS
        }
