"""The run's report three ways: a terminal summary, the JSON document CI reads, a Markdown table."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import TypedDict

from conformance.outcomes import COUNTED_OUTCOMES, REPORTED_LEVELS, ClauseOutcome, Outcome, Report
from conformance.spec import Level

__all__ = ["JSONReport", "terminal_summary", "to_json", "to_markdown", "write_json", "write_markdown"]


class JSONClause(TypedDict):
    """One clause in the JSON report."""

    id: str
    level: Level
    outcome: Outcome
    detail: str


class JSONReport(TypedDict):
    """The JSON report, in the schema DESIGN.md fixes."""

    binding: str
    spec: str
    summary: dict[str, dict[str, int]]
    clauses: list[JSONClause]


def to_json(report: Report) -> JSONReport:
    """The report as the JSON document's data."""
    return {
        "binding": report.binding,
        "spec": report.spec_version,
        "summary": report.summary(),
        "clauses": [{"id": c.id, "level": c.level, "outcome": c.outcome, "detail": c.detail} for c in report.clauses],
    }


def write_json(report: Report, path: Path) -> None:
    """Write the JSON report to ``path``."""
    path.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _counts(clauses: list[ClauseOutcome]) -> str:
    """``MUST 5 passed, 1 failed; SHOULD 1 passed``: every count that is not zero, passed always."""
    parts: list[str] = []
    for level in REPORTED_LEVELS:
        of_level = [c for c in clauses if c.level == level]
        if not of_level:
            continue
        counts = {o: sum(c.outcome == o for c in of_level) for o in (*COUNTED_OUTCOMES, "skipped")}
        shown = ", ".join(f"{n} {o}" for o, n in counts.items() if n or o == "passed")
        parts.append(f"{level} {shown}")
    return "; ".join(parts)


def _family_lines(family: str, clauses: list[ClauseOutcome]) -> list[str]:
    lines = [f"  {family:<7} {_counts(clauses)}"]
    for clause in clauses:
        if clause.outcome in ("failed", "deviation") or clause.stale_deviation:
            label = "stale deviation" if clause.stale_deviation else clause.outcome
            lines.append(f"    {clause.id} ({clause.level}) {label}: {clause.detail}")
    return lines


def _verdict(report: Report) -> str:
    if report.failing:
        failed = ", ".join(c.id for c in report.failing)
        return f"does not conform: {failed} failed"
    if report.stale_deviations:
        return "stale deviations file: " + ", ".join(c.id for c in report.stale_deviations) + " now pass"
    should = report.by_outcome("failed", "SHOULD")
    verdict = "conforms"
    if should:
        verdict += " (MUST clauses), with SHOULD clauses failed: " + ", ".join(c.id for c in should)
    deviations = report.by_outcome("deviation")
    if deviations:
        verdict += f", with {len(deviations)} listed deviations"
    skipped = report.by_outcome("skipped")
    if skipped:
        verdict += "; not checked: " + ", ".join(c.id for c in skipped)
    return verdict


def terminal_summary(report: Report) -> str:
    """The summary printed after a run: counts per family, then each failed clause's first failure."""
    lines = [f"{report.binding} against SPEC.md {report.spec_version}:"]
    for family, clauses in groupby(report.clauses, key=lambda c: c.family):
        lines.extend(_family_lines(family, list(clauses)))
    lines.append(f"  total   {_counts(list(report.clauses))}")
    lines.append(f"{report.binding}: {_verdict(report)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A Markdown table of every clause, fit for a README."""
    total = _counts(list(report.clauses))
    lines = [
        f"Conformance of `{report.binding}` to SPEC.md {report.spec_version}: {total}.",
        "",
        "| clause | level | outcome | detail |",
        "| --- | --- | --- | --- |",
    ]
    lines.extend(f"| {c.id} | {c.level} | {c.outcome} | {_cell(c.detail)} |" for c in report.clauses)
    return "\n".join(lines) + "\n"


def write_markdown(report: Report, path: Path) -> None:
    """Write the Markdown table to ``path``."""
    path.write_text(to_markdown(report), encoding="utf-8")
