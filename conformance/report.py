"""The run's report three ways: a terminal summary, the JSON document CI reads, a Markdown table."""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Final, TypedDict

from conformance.outcomes import COUNTED_OUTCOMES, REPORTED_LEVELS, ClauseOutcome, Outcome, Report
from conformance.spec import Level, current_spec

__all__ = [
    "JSONFeature",
    "JSONReport",
    "JSONVerdict",
    "placeholder_json",
    "placeholder_markdown",
    "seed_api",
    "terminal_summary",
    "to_json",
    "to_markdown",
    "verdict",
    "write_json",
    "write_markdown",
]

NOT_FINISHED = "the run has not finished: this file is replaced by its report when it does"
"""What a report file says until its run writes it, and for good if the run never does."""


class JSONClause(TypedDict):
    """One clause in the JSON report."""

    id: str
    level: Level
    outcome: Outcome
    detail: str
    tests: int
    """How many of the clause's tests gave a result (a test counts once per backend)."""

    failures: list[str]
    """The first few failed tests' messages, each with its test, ``detail`` first."""

    failed_tests: int
    """How many of the clause's tests failed."""

    feature: str | None
    """The feature the clause belongs to; ``None`` for the core."""

    blocked_by: list[str]
    """For a ``blocked`` clause (or a deviation that was blocked), the clauses whose failed
    arrangement steps blocked its tests."""


class JSONFeature(TypedDict):
    """One feature in the JSON report."""

    status: str
    """``absent``, ``conforms``, ``fails`` or ``not-judged``."""

    in_seed: bool
    """Whether the seed documents the feature."""

    clauses: int
    failed: list[str]
    """The feature's failed clauses (listed deviations included), by ID."""

    detail: str
    """Why the feature is absent, when it is."""


class JSONVerdict(TypedDict):
    """The run's verdict in the JSON report: what the exit code says, in words."""

    conforms: bool
    """Every selected clause was judged and none fails the run."""

    strict: bool
    """Whether failed SHOULD clauses fail the run."""

    exit_code: int
    complete: bool
    """Whether every selected clause was judged."""

    text: str
    """The verdict line the terminal summary ends with."""

    seed_api: bool
    """Whether the binding conforms to the seed's API: it conforms, and has every feature the seed documents."""


class JSONMembers(TypedDict):
    """The contract's members a connection of the binding lacks, or has in the wrong kind."""

    missing: list[str]
    wrong_kind: dict[str, str]
    """Each member of the wrong kind, with what the contract expects it to be."""


class JSONReport(TypedDict):
    """The JSON report: the schema of SPEC 0.1 (binding, spec, summary, clauses) and what it has grown."""

    binding: str
    spec: str
    verdict: JSONVerdict
    members: JSONMembers | None
    """Taken before any clause is judged; ``None`` in the static and live tiers."""

    summary: dict[str, dict[str, int]]
    features: dict[str, JSONFeature]
    """Each feature's verdict, by name (SPEC.md's "Core and features")."""

    clauses: list[JSONClause]


SHOWN_FAILURES: Final = 3
"""How many failed tests of a clause the reports show."""

_LISTED: Final = 10
"""How many clause IDs a verdict names before it gives a count instead."""


def _ids(clauses: list[ClauseOutcome]) -> str:
    if len(clauses) > _LISTED:
        return f"{len(clauses)} clauses"
    return ", ".join(c.id for c in clauses)


def verdict(report: Report) -> str:
    """The run's verdict in one line, consistent with its exit code."""
    if report.interrupted:
        unjudged = f": {_ids(report.not_judged)} not judged" if report.not_judged else ""
        return f"{report.stopped or 'interrupted'}, not a verdict{unjudged}"
    if report.failing:
        text = "does not conform: " + ", ".join(c.id for c in report.failing) + " failed"
        if report.not_judged:
            text += f"; {_ids(report.not_judged)} not judged"
        return text
    if report.not_judged or report.stopped or not report.clauses:
        why = f" ({report.stopped})" if report.stopped else ""
        if report.not_judged:
            return f"not judged{why}: {_ids(report.not_judged)}"
        return f"not judged{why}" if report.clauses else "not judged: no clause was selected"
    if report.stale_deviations:
        return "stale deviations file: " + ", ".join(c.id for c in report.stale_deviations) + " now pass"
    text = "conforms"
    should = report.by_outcome("failed", "SHOULD")
    if should:
        text += " (MUST clauses), with SHOULD clauses failed: " + ", ".join(c.id for c in should)
    deviations = report.by_outcome("deviation")
    if deviations:
        text += f", with {len(deviations)} listed deviations"
    absent = [name for name, feature in report.features().items() if feature.status == "absent"]
    if absent:
        text += "; features absent: " + ", ".join(absent)
    return text


def seed_api(report: Report) -> bool:
    """Whether the binding conforms and has every feature the seed documents (``hardening`` needs no members)."""
    features = report.features()
    seed = [name for name, feature in current_spec().features.items() if feature.in_seed]
    return report.conforms and all(name in features and features[name].status != "absent" for name in seed)


def _json_features(report: Report) -> dict[str, JSONFeature]:
    spec_features = current_spec().features
    return {
        name: {
            "status": verdict.status,
            "in_seed": name in spec_features and spec_features[name].in_seed,
            "clauses": verdict.clauses,
            "failed": list(verdict.failed),
            "detail": verdict.detail,
        }
        for name, verdict in report.features().items()
    }


def to_json(report: Report) -> JSONReport:
    """The report as the JSON document's data."""
    return {
        "binding": report.binding,
        "spec": report.spec_version,
        "verdict": {
            "conforms": report.conforms,
            "strict": report.strict,
            "exit_code": report.exit_code,
            "complete": not report.not_judged and not report.stopped,
            "text": verdict(report),
            "seed_api": seed_api(report),
        },
        "members": None
        if report.members is None
        else {"missing": list(report.members.missing), "wrong_kind": dict(report.members.wrong_kind)},
        "summary": report.summary(),
        "features": _json_features(report),
        "clauses": [
            {
                "id": c.id,
                "level": c.level,
                "outcome": c.outcome,
                "detail": c.detail,
                "tests": c.tests,
                "failures": list(c.failures[:SHOWN_FAILURES]),
                "failed_tests": len(c.failures),
                "feature": c.feature,
                "blocked_by": list(c.blocked_by),
            }
            for c in report.clauses
        ],
    }


def write_json(report: Report, path: Path) -> None:
    """Write the JSON report to ``path``."""
    path.write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def placeholder_json(binding: str, spec_version: str) -> str:
    """The JSON report file's content before its run has judged anything: it says no verdict."""
    verdict: JSONVerdict = {
        "conforms": False,
        "strict": False,
        "exit_code": 3,
        "complete": False,
        "text": NOT_FINISHED,
        "seed_api": False,
    }
    document: JSONReport = {
        "binding": binding,
        "spec": spec_version,
        "verdict": verdict,
        "members": None,
        "summary": {},
        "features": {},
        "clauses": [],
    }
    return json.dumps(document, indent=2) + "\n"


def placeholder_markdown(binding: str, spec_version: str) -> str:
    """The Markdown report file's content before its run has judged anything."""
    return f"Conformance of `{binding}` to SPEC.md {spec_version}: {NOT_FINISHED}.\n"


def _counts(clauses: list[ClauseOutcome]) -> str:
    """``MUST 5 passed, 1 failed; SHOULD 1 passed``: every count that is not zero, passed always."""
    parts: list[str] = []
    for level in REPORTED_LEVELS:
        of_level = [c for c in clauses if c.level == level]
        if not of_level:
            continue
        counts = {o: sum(c.outcome == o for c in of_level) for o in COUNTED_OUTCOMES}
        shown = ", ".join(f"{n} {o}" for o, n in counts.items() if n or o == "passed")
        parts.append(f"{level} {shown}")
    return "; ".join(parts)


def _family_lines(family: str, clauses: list[ClauseOutcome]) -> list[str]:
    lines = [f"  {family:<7} {_counts(clauses)}"]
    unjudged: dict[str, list[str]] = {}
    for clause in clauses:
        if clause.outcome == "not-judged":
            unjudged.setdefault(clause.detail, []).append(clause.id)
        elif clause.outcome == "blocked":
            unjudged.setdefault("blocked by " + ", ".join(clause.blocked_by), []).append(clause.id)
        elif clause.outcome not in ("passed", "skipped", "absent"):
            lines.append(f"    {clause.id} ({clause.level}) {clause.outcome}: {clause.detail}")
            if len(clause.failures) > 1:
                lines.append(f"      {len(clause.failures)} of its {clause.tests} tests failed; also:")
                lines.extend(f"      - {failure}" for failure in clause.failures[1:SHOWN_FAILURES])
    # Clauses left unjudged for one reason share a line: a run cut short leaves many.
    lines.extend(
        f"    {', '.join(ids)} {'' if detail.startswith('blocked') else 'not-judged: '}{detail}"
        for detail, ids in unjudged.items()
    )
    return lines


def _root_cause_lines(report: Report) -> list[str]:
    """The failed clauses to fix first: those that block others, most first, then the rest of the MUSTs."""
    causes = report.root_causes()
    if not causes:
        return []
    shown = [f"{c.id} (blocks {n})" if n else c.id for c, n in causes if n or c.level == "MUST"][:_LISTED]
    if not shown:
        return []
    return ["  fix first: " + ", ".join(shown)]


def _feature_lines(report: Report) -> list[str]:
    features = report.features()
    if not features:
        return []
    return ["  features: " + "; ".join(f"{name} {verdict.describe()}" for name, verdict in features.items())]


def terminal_summary(report: Report) -> str:
    """The summary printed after a run: counts per family, each clause not passed, then the verdict."""
    lines = [f"{report.binding} against SPEC.md {report.spec_version}:"]
    if report.members is not None:
        lines.append(f"  {report.members.describe()}")
    lines.extend(_feature_lines(report))
    lines.extend(_root_cause_lines(report))
    for family, clauses in groupby(report.clauses, key=lambda c: c.family):
        lines.extend(_family_lines(family, list(clauses)))
    lines.append(f"  total   {_counts(list(report.clauses))}")
    lines.append(f"{report.binding}: {verdict(report)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: Report) -> str:
    """A Markdown table of every clause, fit for a README, under the run's verdict."""
    total = _counts(list(report.clauses))
    lines = [
        f"Conformance of `{report.binding}` to SPEC.md {report.spec_version}: {total}.",
        "",
        f"Verdict: {_cell(verdict(report))} (exit code {report.exit_code}).",
        "",
        "| feature | verdict |",
        "| --- | --- |",
        *(f"| {name} | {_cell(v.describe())} |" for name, v in report.features().items()),
        "",
        "| clause | level | feature | outcome | detail |",
        "| --- | --- | --- | --- | --- |",
    ]
    lines.extend(
        f"| {c.id} | {c.level} | {c.feature or 'core'} | {c.outcome} | {_cell(c.detail)} |" for c in report.clauses
    )
    return "\n".join(lines) + "\n"


def write_markdown(report: Report, path: Path) -> None:
    """Write the Markdown table to ``path``."""
    path.write_text(to_markdown(report), encoding="utf-8")
