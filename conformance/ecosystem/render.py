"""ECOSYSTEM.md and the README's summary table, written from the results and the findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from conformance.ecosystem.findings import Defect, Note
from conformance.ecosystem.frameworks import FRAMEWORKS, Framework
from conformance.ecosystem.judge import TierResult
from conformance.ecosystem.results import FrameworkResult, Results
from conformance.spec import Clause, Spec

__all__ = ["SUMMARY_BEGIN", "SUMMARY_END", "ecosystem_page", "summary_table"]

SUMMARY_BEGIN: Final = "<!-- ecosystem:begin -->"
SUMMARY_END: Final = "<!-- ecosystem:end -->"

_NOT_PASSED: Final = ("failed", "stale-deviation")
_UNJUDGED: Final = ("blocked", "not-judged")
_TIER_NAMES: Final = {"runtime": "Runtime", "static": "Static", "live": "Live"}


def _cell(outcomes: Iterable[str]) -> str:
    """A group of clauses in a few words: ``conforms``, ``absent``, ``fails 3``, ``fails 3, 2 blocked``."""
    seen = list(outcomes)
    if not seen:
        return "-"
    if all(outcome == "absent" for outcome in seen):
        return "absent"
    failed = sum(outcome in _NOT_PASSED for outcome in seen)
    unjudged = sum(outcome in _UNJUDGED for outcome in seen)
    if failed:
        return f"fails {failed}" + (f", {unjudged} blocked" if unjudged else "")
    return f"{unjudged} not judged" if unjudged else "conforms"


def _code(text: str) -> str:
    """``text`` as a code span that a table cell can hold."""
    fence, pad = ("``", " ") if "`" in text else ("`", "")
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def _judged(results: Results) -> list[tuple[Framework, FrameworkResult]]:
    return [(f, results.frameworks[f.name]) for f in FRAMEWORKS if f.name in results.frameworks]


def summary_table(spec: Spec, results: Results) -> str:
    """One row per framework: its version, the core's verdict, each feature's, the static and live tiers'."""
    features = list(spec.features)
    header = ["Framework", "Version", "Core", *features, "Static", "Live"]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for framework, found in _judged(results):
        runtime = found.tiers.get("runtime")
        outcomes = runtime.outcomes if runtime is not None else {}
        cells = [
            framework.title + "".join(f", {title}" for title in found.reexports),
            found.version,
            _cell(o for cid, o in outcomes.items() if spec.clauses[cid].feature is None),
            *(_cell(o for cid, o in outcomes.items() if spec.clauses[cid].feature == name) for name in features),
            *(_cell(found.tiers[t].outcomes.values()) if t in found.tiers else "-" for t in ("static", "live")),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _class(clause: Clause, defect: Defect | None) -> str:
    if defect is not None:
        return f"[defect]({defect.script.as_posix()}) ({defect.breaks})"
    if clause.departure is not None:
        return "API difference ([departure](SPEC.md#departures-from-starlette-110))"
    return "API difference"


def _tier_line(tier: str, result: TierResult) -> str:
    counts = ", ".join(f"{n} {outcome}" for outcome, n in result.counts().items())
    return f"- {_TIER_NAMES[tier]}: {counts}."


def _framework_section(
    spec: Spec, framework: Framework, found: FrameworkResult, defects: Sequence[Defect], notes: Sequence[Note]
) -> list[str]:
    lines = [f"## {framework.title} {found.version}", "", f"Binding: `{framework.binding}`."]
    for title, version in found.reexports.items():
        reexport = next(r for r in framework.reexported_by if r.title == title)
        identities = ", ".join(f"`{theirs} is {framework.binding}.{name}`" for theirs, name in reexport.identities)
        lines.append(f"{title} {version} re-exports these classes ({identities}): its verdict is this one.")
    lines.append("")
    lines += [_tier_line(tier, result) for tier, result in found.tiers.items()]
    if defects:
        lines += ["", "Defects:", ""]
        for defect in defects:
            where = f"{defect.breaks} ({defect.reference})" if defect.reference else defect.breaks
            lines.append(
                f"- [{defect.summary}]({defect.script.as_posix()}) Breaks {where}; "
                f"{', '.join(defect.clauses)}. Expected: {defect.expected}"
            )
    by_clause = {cid: d for d in defects for cid in d.clauses}
    noted = {cid: n.text for n in notes for cid in n.clauses}
    failed = [
        (cid, result.reasons.get(cid, ""))
        for result in found.tiers.values()
        for cid, outcome in result.outcomes.items()
        if outcome in _NOT_PASSED
    ]
    if failed:
        lines += ["", "| Clause | Level | Feature | Class | Reason |", "| --- | --- | --- | --- | --- |"]
        for cid, reason in failed:
            clause = spec.clauses[cid]
            cell = _code(reason) + (f" {noted[cid]}".replace("|", "\\|") if cid in noted else "")
            feature = clause.feature or "core"
            lines.append(f"| {cid} | {clause.level} | {feature} | {_class(clause, by_clause.get(cid))} | {cell} |")
    unjudged = [
        f"{cid} ({reason})" if reason else cid
        for result in found.tiers.values()
        for cid, outcome in result.outcomes.items()
        if outcome in _UNJUDGED
        for reason in [result.reasons.get(cid, "")]
    ]
    if unjudged:
        lines += ["", "Not judged, since a step that arranges their situation failed: " + "; ".join(unjudged) + "."]
    return lines


def ecosystem_page(spec: Spec, results: Results, defects: Sequence[Defect], notes: Sequence[Note]) -> str:
    """The text of ECOSYSTEM.md."""
    servers = ", ".join(f"{name} {version}" for name, version in results.servers.items())
    tools = " and ".join(f"{name} {version}" for name, version in results.tools.items())
    lines = [
        "# The ecosystem: each Python ASGI framework's WebSocket against SPEC.md",
        "",
        f"Every framework below was judged against SPEC.md {results.spec} through its binding module, on every",
        f"tier: the runtime tier on asyncio and trio, the static tier with {tools}, and the live tier on {servers}.",
        "This page and the table in the README are written by `python -m conformance.ecosystem` from what those",
        "runs found (kept in `ecosystem/results.json`); do not edit them by hand.",
        "",
        "A cell gives the verdict on the core (the clauses every binding must pass), on each feature",
        "(conforms; absent: the framework has none of its members; fails N clauses), and on the static and",
        "live tiers. *Blocked* clauses were not judged, because a step that brings the connection to their",
        "situation (an `accept()`, a `close()`) failed; they count neither as passed nor as failed.",
        "",
        SUMMARY_BEGIN,
        summary_table(spec, results),
        SUMMARY_END,
        "",
        "Each failed clause is classed. A **defect** breaks the framework's own documentation, the ASGI",
        "specification or RFC 6455, and links a reproducer: a script of a dozen lines, the framework and the",
        "standard library only, that ends by asserting what the standard expects, so it fails while the",
        "defect is there (the project's tests run every reproducer on the pinned versions). An **API",
        "difference** is the framework's own choice of interface, where SPEC.md (written from Starlette's",
        "documentation) asks for another; a *departure* is a clause where SPEC.md departs from Starlette",
        "1.10 itself. Where ASGI is ambiguous, the row says so rather than call either side wrong.",
    ]
    for framework, found in _judged(results):
        lines += [""]
        lines += _framework_section(
            spec,
            framework,
            found,
            [d for d in defects if d.framework == framework.name],
            [n for n in notes if n.framework == framework.name],
        )
    return "\n".join(lines) + "\n"
