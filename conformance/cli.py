"""``python -m conformance BINDING``: check a binding against SPEC.md and report by clause.

Exit codes: 0 the binding conforms; 1 a MUST clause failed (or a SHOULD clause, with
``--strict``), or the deviations file lists a clause that passes; 2 bad input (a binding
that cannot be loaded, an unusable deviations file, a type checker or no server that is
installed); 3 the suite itself could not run; 130 a live run interrupted by Ctrl-C.
With ``--static`` the run is the static tier alone: a type checker judges SPEC.md's TYPE
clauses, which a normal run leaves unchecked; with ``--live`` it is the live tier alone: real
ASGI servers serve the binding and SPEC.md's LIVE clauses are judged on each of them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Generator, Mapping, Sequence
from pathlib import Path
from typing import Final

from conformance.binding import ENV_VAR, BindingError, load_binding
from conformance.deviations import DeviationsError, read_deviations, read_tier_deviations
from conformance.outcomes import Report
from conformance.plugin import BACKENDS, DEFAULT_TIME_LIMIT
from conformance.report import terminal_summary, write_json, write_markdown
from conformance.runner import INTERNAL_ERROR, SuiteError, run_suite
from conformance.spec import Clause, Spec, parse_spec
from conformance.static import (
    CHECKERS,
    Checker,
    CheckerError,
    locate_checker,
    static_report,
)

__all__ = ["main"]

USAGE_ERROR: Final = 2
"""The exit code for bad input: the run did not start."""

INTERRUPTED: Final = 130
"""The exit code of a live run stopped by Ctrl-C, as a shell gives for SIGINT."""

HYPOTHESIS_STORAGE: Final = "HYPOTHESIS_STORAGE_DIRECTORY"
"""Where hypothesis writes its cache; a run sets it to a scratch directory unless it is set."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Check a binding module's WebSocket against SPEC.md, clause by clause.",
        epilog="Exit codes: 0 conforms; 1 a clause failed or a deviation is stale; 2 bad input; 3 the suite broke.",
    )
    parser.add_argument("binding", nargs="?", help=f"binding module path, such as starlette.websockets (or ${ENV_VAR})")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report to FILE")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown table of the clauses to FILE")
    parser.add_argument("--strict", action="store_true", help="fail on failed SHOULD clauses too")
    parser.add_argument("--deviations", type=Path, metavar="FILE", help="clauses the binding knowingly fails")
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all", help="async backend(s) (default: all)")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"time a test may take before its clause fails (default: {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--static",
        action="store_true",
        help="run only the static tier: a type checker judges the TYPE clauses (the runtime clauses are not run)",
    )
    parser.add_argument(
        "--checker",
        choices=[*CHECKERS, "all"],
        default="mypy",
        help="the type checker(s) of --static (default: mypy)",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="run only the live tier: the LIVE clauses, against real ASGI servers (the other clauses are not run)",
    )
    parser.add_argument(
        "--server",
        default="all",
        metavar="NAME",
        help="the server(s) of --live: uvicorn-websockets, uvicorn-websockets-sansio, uvicorn-wsproto, "
        "hypercorn, daphne or all (default: all)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also show pytest's report of each failed test")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"conformance: error: {message}", file=sys.stderr)
    return code


def _writable(path: Path) -> bool:
    """Whether a report can be written at ``path``, checked before the run rather than after it."""
    directory = path.parent if str(path.parent) else Path()
    return directory.is_dir() and os.access(directory, os.W_OK) and not path.is_dir()


@contextlib.contextmanager
def _hypothesis_scratch() -> Generator[None]:
    """Keep the files hypothesis writes out of the user's working directory.

    The generated-input tests store no examples, but hypothesis still caches data in
    ``.hypothesis/`` under the current directory unless told where else to write.
    """
    if HYPOTHESIS_STORAGE in os.environ:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="wsproto-conformance-") as scratch:
        os.environ[HYPOTHESIS_STORAGE] = scratch
        try:
            yield
        finally:
            del os.environ[HYPOTHESIS_STORAGE]


def _tier_deviations(options: argparse.Namespace, spec: Spec, tier: Mapping[str, Clause]) -> frozenset[str]:
    """The clauses of one tier that ``--deviations`` lists, if it is given."""
    if options.deviations is None:
        return frozenset()
    return read_tier_deviations(options.deviations, spec.clauses.keys(), tier.keys())


def _static_run(options: argparse.Namespace, binding: str) -> Report | int:
    """The static tier's report, or the exit code of a run that could not start or finish."""
    checkers: tuple[Checker, ...] = CHECKERS if options.checker == "all" else (options.checker,)
    missing = [checker for checker in checkers if locate_checker(checker) is None]
    if missing:
        return _fail(f"--checker {options.checker}: {missing[0]} is not installed", USAGE_ERROR)
    spec = parse_spec()
    try:
        module = load_binding(binding).module
        deviations = _tier_deviations(options, spec, spec.static_clauses)
    except (BindingError, DeviationsError) as error:
        return _fail(str(error), USAGE_ERROR)
    if not _reports_writable(options):
        return USAGE_ERROR
    print(f"static tier ({', '.join(checkers)}): TYPE clauses only; the runtime clauses are not run")
    try:
        return static_report(
            binding,
            module,
            spec.version,
            checkers=checkers,
            deviations=deviations,
            strict=options.strict,
            clauses=spec.static_clauses,
        )
    except CheckerError as error:
        return _fail(str(error), INTERNAL_ERROR)


def _live_run(options: argparse.Namespace, binding: str) -> int:
    """Run the live tier, print and write its reports; the run's exit code."""
    try:
        from conformance import live
    except ImportError as error:
        return _fail(f"--live needs the websockets client: {error}", USAGE_ERROR)
    servers: list[live.ServerName] = [name for name in live.SERVERS if options.server in (name, "all")]
    if not servers:
        return _fail(f"--server {options.server!r}: choose from {', '.join(live.SERVERS)} or all", USAGE_ERROR)
    spec = parse_spec()
    try:
        loaded = load_binding(binding)
        deviations = _tier_deviations(options, spec, spec.live_clauses)
    except (BindingError, DeviationsError) as error:
        return _fail(str(error), USAGE_ERROR)
    if not _reports_writable(options):
        return USAGE_ERROR
    if not any(live.installed(name) for name in servers):
        return _fail(
            f"--live: none of {', '.join(servers)} is installed (pip install 'wsproto-api[live]')", USAGE_ERROR
        )
    print(f"live tier ({', '.join(servers)}): LIVE clauses only; the other clauses are not run")
    try:
        matrix = live.run_live(loaded.name, servers, spec.live_clauses, announce=True)
    except KeyboardInterrupt:
        # Every server process was stopped on the way out of run_live.
        return _fail("interrupted: every server stopped, no report written", INTERRUPTED)
    report = live.live_report(
        loaded.name, spec.version, spec.live_clauses.values(), matrix, deviations=deviations, strict=options.strict
    )
    for name, row in matrix.items():
        print(f"  {name}: " + ", ".join(f"{cid} {live.cell(result)}" for cid, result in row.items()))
    code = _write(report, options, markdown=False)
    if options.markdown is not None and code != USAGE_ERROR:
        try:
            options.markdown.write_text(live.live_markdown(report, matrix), encoding="utf-8")
        except OSError as error:
            return _fail(f"cannot write the report: {error}", USAGE_ERROR)
    return code


def _reports_writable(options: argparse.Namespace) -> bool:
    for option, path in (("--json", options.json), ("--markdown", options.markdown)):
        if path is not None and not _writable(path):
            _fail(f"{option} {str(path)!r}: cannot write there", USAGE_ERROR)
            return False
    return True


def _write(report: Report, options: argparse.Namespace, *, markdown: bool = True) -> int:
    """Print the summary and write the reports asked for; the run's exit code."""
    print(terminal_summary(report), end="")
    try:
        if options.json is not None:
            write_json(report, options.json)
        if markdown and options.markdown is not None:
            write_markdown(report, options.markdown)
    except OSError as error:
        return _fail(f"cannot write the report: {error}", USAGE_ERROR)
    return report.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    options = _parser().parse_args(argv)
    binding: str = options.binding or os.environ.get(ENV_VAR, "")
    if options.static and options.live:
        return _fail("--static and --live are separate tiers: choose one", USAGE_ERROR)
    if options.live:
        return _live_run(options, binding)
    if options.static:
        static = _static_run(options, binding)
        return static if isinstance(static, int) else _write(static, options)
    if options.time_limit <= 0:
        return _fail(f"--time-limit must be positive, not {options.time_limit:g}", USAGE_ERROR)
    try:
        load_binding(binding)
        if options.deviations is not None:
            read_deviations(options.deviations, parse_spec().clauses.keys())
    except (BindingError, DeviationsError) as error:
        return _fail(str(error), USAGE_ERROR)
    if not _reports_writable(options):
        return USAGE_ERROR
    try:
        with _hypothesis_scratch():
            result = run_suite(
                binding,
                backend=options.backend,
                strict=options.strict,
                deviations=options.deviations,
                time_limit=options.time_limit,
                verbose=options.verbose,
            )
    except SuiteError as error:
        return _fail(str(error), INTERNAL_ERROR)
    return _write(result.report, options)


if __name__ == "__main__":
    sys.exit(main())
