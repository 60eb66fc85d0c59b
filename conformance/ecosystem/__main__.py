"""``python -m conformance.ecosystem``: judge every installed framework on every tier and write ECOSYSTEM.md.

Run from the project's root. Without options it runs every tier on every installed framework
(minutes: progress goes to stderr) and writes ``ecosystem/results.json``, ``ECOSYSTEM.md`` and
the README's summary table. ``--render`` writes the two pages from the kept results without
running anything (after a reproducer or a note changed); ``--check`` writes nothing and exits
1 when a file differs from what it would write. ``--framework NAME`` runs one framework only,
keeping the others' results.

Exit codes: 0 done (or, with ``--check``, up to date); 1 a file is out of date; 2 bad input
(no results to render, a reproducer or note that breaks the format or names a clause its
framework passes, a framework asked for that is not installed); 3 a run judged nothing, or
could not judge every clause (the pages are written, showing what was not judged).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from conformance.ecosystem.findings import Defect, FindingsError, Note, read_defects, read_notes
from conformance.ecosystem.frameworks import FRAMEWORKS, Framework, installed_version, reexport_holds
from conformance.ecosystem.judge import TIERS, TierError, run_tier
from conformance.ecosystem.render import SUMMARY_BEGIN, SUMMARY_END, ecosystem_page, summary_table
from conformance.ecosystem.results import FrameworkResult, Results, read_results, results_json
from conformance.outcomes import EXIT_NOT_JUDGED
from conformance.spec import Spec, between_markers, current_spec

__all__ = ["main", "stale_findings", "wanted_files"]

_INSTALL = "pip install 'wsproto-api[ecosystem]'"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _tool_versions() -> dict[str, str]:
    return {tool: installed_version(tool) or "-" for tool in ("mypy", "pyright")}


def _server_versions() -> dict[str, str]:
    from conformance.live.servers import SERVERS, installed, version

    return {name: version(name) for name in SERVERS if installed(name)}


def _judge(framework: Framework, version: str) -> FrameworkResult:
    found = FrameworkResult(version)
    for reexport in framework.reexported_by:
        their_version = installed_version(reexport.distribution)
        if their_version is None:
            continue
        if not reexport_holds(reexport, framework.binding):
            raise TierError(f"{reexport.title} {their_version} no longer re-exports {framework.title}'s classes")
        found.reexports[reexport.title] = their_version
    for tier in TIERS:
        found.tiers[tier] = run_tier(framework.binding, tier, lambda line: _say(f"    {line}"))
    return found


def _run(results: Results, only: Sequence[str]) -> Results:
    chosen = [f for f in FRAMEWORKS if not only or f.name in only]
    for index, framework in enumerate(chosen, 1):
        version = installed_version(framework.distribution)
        if version is None:
            _say(f"[{index}/{len(chosen)}] {framework.title}: not installed, left out ({_INSTALL})")
            results.frameworks.pop(framework.name, None)
            continue
        _say(f"[{index}/{len(chosen)}] {framework.title} {version} ({framework.binding})")
        results.frameworks[framework.name] = _judge(framework, version)
    # Keep the report's order whatever was run.
    results.frameworks = {f.name: results.frameworks[f.name] for f in FRAMEWORKS if f.name in results.frameworks}
    return results


def stale_findings(results: Results, defects: Sequence[Defect], notes: Sequence[Note]) -> list[str]:
    """The findings the runs contradict, each said in a line.

    A defect is contradicted by a clause it names that its framework passes (a blocked one was
    not judged: the reproducer still shows the defect); a note, when none of its clauses
    fails or is blocked any more.
    """
    stale: list[str] = []
    for defect in defects:
        outcomes = _outcomes(results, defect.framework)
        if outcomes is not None:
            stale += [
                f"{defect.script.as_posix()}: {defect.framework} does not fail {cid} ({outcomes.get(cid, 'not run')})"
                for cid in defect.clauses
                if outcomes.get(cid) not in ("failed", "blocked")
            ]
    for note in notes:
        outcomes = _outcomes(results, note.framework)
        if outcomes is not None and not any(outcomes.get(cid) in ("failed", "blocked") for cid in note.clauses):
            stale.append(f"the note on {note.framework} {', '.join(note.clauses)}: none of them fails any more")
    return stale


def _outcomes(results: Results, framework: str) -> dict[str, str] | None:
    """Every clause's outcome on ``framework``, ``None`` when it was not judged here."""
    found = results.frameworks.get(framework)
    if found is None:
        return None  # not installed here: its findings are neither confirmed nor contradicted
    return {cid: outcome for tier in found.tiers.values() for cid, outcome in tier.outcomes.items()}


def wanted_files(root: Path, spec: Spec, results: Results) -> dict[Path, str]:
    """Each file the command writes under ``root``, with the text it should hold.

    Raises :class:`FindingsError` for a finding that breaks the format or has gone stale.
    """
    names = [f.name for f in FRAMEWORKS]
    defects = read_defects(root, names, spec.clauses)
    notes = read_notes(root, names, spec.clauses)
    stale = stale_findings(results, defects, notes)
    if stale:
        raise FindingsError("findings out of date:\n  " + "\n  ".join(stale))
    readme = root / "README.md"
    return {
        root / "ecosystem" / "results.json": results_json(results),
        root / "ECOSYSTEM.md": ecosystem_page(spec, results, defects, notes),
        readme: between_markers(
            readme.read_text(encoding="utf-8"), SUMMARY_BEGIN, SUMMARY_END, summary_table(spec, results)
        ),
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m conformance.ecosystem",
        description="Judge every installed framework on every tier and write ECOSYSTEM.md.",
    )
    parser.add_argument(
        "--render", action="store_true", help="write the pages from ecosystem/results.json; run nothing"
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    parser.add_argument(
        "--framework",
        action="append",
        default=[],
        choices=[f.name for f in FRAMEWORKS],
        help="run this framework only, keeping the others' results (repeatable)",
    )
    parser.add_argument("--root", type=Path, default=Path(), help="the project's root (default: here)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit code."""
    options = _parser().parse_args(argv)
    root: Path = options.root
    spec = current_spec()
    kept = root / "ecosystem" / "results.json"
    if not (root / "README.md").is_file():
        _say(f"conformance.ecosystem: error: {root / 'README.md'} not found: run from the project's root")
        return 2
    if options.render and not kept.is_file():
        _say(f"conformance.ecosystem: error: {kept} not found: run without --render first")
        return 2
    keep = (options.render or options.framework) and kept.is_file()
    results = read_results(kept) if keep else Results(spec.version, {}, {})
    for name in options.framework:
        framework = next(f for f in FRAMEWORKS if f.name == name)
        if installed_version(framework.distribution) is None:
            _say(f"conformance.ecosystem: error: {framework.title} is not installed ({_INSTALL})")
            return 2
    if not options.render:
        results.spec, results.tools, results.servers = spec.version, _tool_versions(), _server_versions()
        try:
            results = _run(results, options.framework)
        except TierError as error:
            _say(f"conformance.ecosystem: error: {error}")
            return 3
    if not options.render and not options.check:
        # What the runs found is kept whatever the findings say, so that --render can follow.
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text(results_json(results), encoding="utf-8")
    try:
        wanted = wanted_files(root, spec, results)
    except FindingsError as error:
        _say(f"conformance.ecosystem: error: {error}")
        return 2
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if options.check:
        for path in stale:
            _say(f"{path.relative_to(root).as_posix()} differs from what the runs give")
        return 1 if stale else _unjudged(results)
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(wanted[path], encoding="utf-8")
        _say(f"wrote {path.relative_to(root).as_posix()}")
    return _unjudged(results)


def _unjudged(results: Results) -> int:
    """3 when a run could not judge every clause (the pages show it as not judged), after saying which; else 0."""
    runs = [
        f"{name} {tier}"
        for name, found in results.frameworks.items()
        for tier, result in found.tiers.items()
        if result.exit_code == EXIT_NOT_JUDGED
    ]
    if runs:
        _say("conformance.ecosystem: not every clause was judged in: " + ", ".join(runs))
    return EXIT_NOT_JUDGED if runs else 0


if __name__ == "__main__":
    sys.exit(main())
