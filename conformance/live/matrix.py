"""Running the live checks server by server, and judging the LIVE clauses from the matrix."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from importlib import metadata

from conformance.live.app import ArrangementFailed
from conformance.live.checks import CHECKS
from conformance.live.process import TIMEOUT, LiveServer, ServerGone, serve
from conformance.live.servers import ServerName, installed, version
from conformance.outcomes import ABSENT, CaseResult, ClauseOutcome, Report, judge_clause
from conformance.spec import Clause, current_spec

__all__ = ["NOT_INSTALLED", "Matrix", "cell", "live_markdown", "live_report", "run_live"]

NOT_INSTALLED = "not installed"
"""The matrix cell of a server whose packages are missing."""

Matrix = dict[ServerName, dict[str, CaseResult]]
"""Each server's result for each LIVE clause; a passed result's message holds the server notes."""


def _describe(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    if isinstance(error, TimeoutError) and not str(error):
        text = f"timed out after {TIMEOUT:g} s"
    return text.splitlines()[0][:300]


def run_live(
    binding: str,
    servers: Iterable[ServerName],
    clause_ids: Iterable[str],
    announce: bool = False,
) -> Matrix:
    """Run every check on every server, one server at a time; servers not installed are skipped.

    A clause of a feature the binding lacks is not checked: it is absent on every server.

    With ``announce``, each server's process ID and port are printed once it has started.
    """
    ids = list(clause_ids)
    matrix: Matrix = {}
    for name in servers:
        if installed(name):
            matrix[name] = _run_on(name, binding, ids, announce)
        else:
            matrix[name] = {cid: CaseResult(name, "absent", NOT_INSTALLED) for cid in ids}
    return matrix


def _run_on(name: ServerName, binding: str, ids: list[str], announce: bool) -> dict[str, CaseResult]:
    """Each clause's result on ``name``; a check that times out or kills the server leaves the next to a new one."""
    row: dict[str, CaseResult] = {}
    pending = list(ids)
    while pending:
        try:
            with serve(name, binding) as server:
                if announce:
                    print(f"  {name}: serving on 127.0.0.1:{server.port} (pid {server.process.pid})", flush=True)
                last: str | None = None
                while pending:
                    cid = pending.pop(0)
                    lacking = _lacking(cid, server)
                    if lacking:
                        # As in a normal run: the clause of an absent feature is not judged.
                        row[cid] = CaseResult(name, "absent", ABSENT + lacking)
                        continue
                    gone = server.exit_status()
                    if gone is not None:
                        if last is not None:
                            # It died after the last check, whose connections may have killed it:
                            # that clause fails, and this one gets a server of its own.
                            _died_after(row, last, gone)
                            pending.insert(0, cid)
                            break
                        # A new server that dies before its first check fails it: nothing else could.
                        row[cid] = CaseResult(name, "failed", gone)
                        continue
                    last = cid
                    try:
                        row[cid] = CaseResult(name, "passed", "; ".join(CHECKS[cid](server)))
                    except Exception as error:
                        # A route that stopped at a failed arrangement may make the client fail
                        # first: the clause is blocked by the arrangement's, not failed.
                        blocked = str(error) if isinstance(error, ArrangementFailed) else server.arrangement_failure()
                        if blocked is not None:
                            row[cid] = CaseResult(name, "blocked", blocked)
                            continue
                        # A client sees a dying server's connections drop a moment before
                        # the process can be reaped: give it that moment.
                        gone = server.exit_status(grace=0.2)
                        row[cid] = CaseResult(name, "failed", gone or _describe(error))
                        if gone is not None or isinstance(error, TimeoutError):
                            # The server died in this check, or its app may be stuck, its event
                            # loop blocked: the clauses still to come get a server of their own.
                            break
                else:
                    # The last check's connections, too, may kill the server as they end.
                    gone = server.exit_status(grace=0.2)
                    if gone is not None and last is not None:
                        _died_after(row, last, gone)
        except ServerGone as error:
            # The server would not start: every clause not yet judged fails on it.
            for cid in pending:
                row[cid] = CaseResult(name, "failed", str(error))
            pending.clear()
    return row


def _died_after(row: dict[str, CaseResult], cid: str, gone: str) -> None:
    """Fail clause ``cid``, whose check passed on a server found dead after it: its connections may have killed it."""
    if row[cid].kind == "passed":
        row[cid] = replace(row[cid], kind="failed", message=f"{gone} after the check")


def _lacking(cid: str, server: LiveServer) -> str:
    """Why the binding lacks the feature of clause ``cid``, or ``""`` when it has it or the clause is core."""
    feature = current_spec().clauses[cid].feature
    return server.absent.get(feature, "") if feature is not None else ""


def cell(result: CaseResult) -> str:
    """One server's result for one clause, as the matrix shows it."""
    if result.kind in ("absent", "blocked"):
        return result.message
    if result.kind == "passed":
        return f"passed ({result.message})" if result.message else "passed"
    return f"failed: {result.message}"


def _judge(clause: Clause, matrix: Matrix, deviation: bool) -> ClauseOutcome:
    results = [row[clause.id] for row in matrix.values() if clause.id in row]
    verdict = judge_clause(clause, results, listed_deviation=deviation)
    if verdict.outcome == "absent":
        # Why the feature is absent, rather than a server that is not installed.
        why = next((r.message for r in results if r.message.startswith(ABSENT)), verdict.detail)
        return replace(verdict, detail=why)
    if verdict.outcome not in ("failed", "deviation"):
        return verdict
    # One entry per clause keeps the report's clause IDs unique; the detail names each failing server.
    detail = "; ".join(f"{r.test}: {r.message}" for r in results if r.kind == "failed")
    return ClauseOutcome(verdict.id, verdict.level, verdict.outcome, detail, verdict.tests, verdict.failures)


def live_report(
    binding: str,
    spec_version: str,
    clauses: Iterable[Clause],
    matrix: Matrix,
    *,
    deviations: frozenset[str] = frozenset(),
    strict: bool = False,
) -> Report:
    """The report of a live run: a clause passes when it passes on every installed server."""
    outcomes = tuple(_judge(clause, matrix, clause.id in deviations) for clause in clauses)
    return Report(binding, spec_version, outcomes, strict)


def live_markdown(report: Report, matrix: Matrix) -> str:
    """The interop matrix as a Markdown table: a row per server, a column per LIVE clause."""
    ids = [c.id for c in report.clauses]
    lines = [
        f"Live interop of `{report.binding}` under SPEC.md {report.spec_version}, "
        f"with the websockets {metadata.version('websockets')} client:",
        "",
        "| server | version | " + " | ".join(ids) + " |",
        "| --- | --- |" + " --- |" * len(ids),
    ]
    for name, row in matrix.items():
        cells = [cell(row[cid]).replace("|", "\\|").replace("\n", " ") if cid in row else "" for cid in ids]
        lines.append(f"| {name} | {version(name)} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
