"""``python -m conformance BINDING``: check a binding against SPEC.md and report by clause.

Exit codes: 0 every selected clause was judged and the binding conforms; 1 a MUST clause
failed (or a SHOULD clause, with ``--strict``), or the deviations file lists a clause that
passes; 2 bad input (a binding that cannot be loaded, an unusable deviations file or report
path, two reports naming one file, a ``--clause`` its tier does not judge, the
``conformance`` extra, a type checker or every server not installed); 3 the suite could not
judge every selected clause (it broke, the run was cut short, or the binding ended or hung
the process that loaded it); 130 a run interrupted by Ctrl-C, with
the reports of what was judged written. The runtime tier runs the binding in a child process
(:mod:`conformance.runner`), so nothing the binding does can end this one.
With ``--static`` the run is the static tier alone: a type checker judges SPEC.md's TYPE
clauses, which a normal run leaves unchecked; with ``--live`` it is the live tier alone: real
ASGI servers serve the binding and SPEC.md's LIVE clauses are judged on each of them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Final, NoReturn

from conformance.config import (
    BACKENDS,
    DEFAULT_TIME_LIMIT,
    ENV_VAR,
    LIVE_TIER,
    STATIC_TIER,
    ConfigError,
    Limits,
    RunConfig,
    prove_writable,
    select,
)
from conformance.deviations import DeviationsError, read_deviations, read_tier_deviations
from conformance.junit import placeholder_junit, write_junit
from conformance.outcomes import EXIT_INTERRUPTED, EXIT_NOT_JUDGED, Report
from conformance.preflight import BindingUnloadable, load_in_child, shadowing
from conformance.report import placeholder_json, placeholder_markdown, terminal_summary, write_json, write_markdown
from conformance.requirements import missing_for
from conformance.spec import Clause, Spec, parse_spec
from conformance.worker import (
    WorkerEnded,
    loads_the_binding,
    run_in_worker,
    stopped_by_signal,
    take_verdict_pipe,
    tell_verdict,
)

__all__ = ["main", "run"]

USAGE_ERROR: Final = 2
"""The exit code for bad input: the run did not start."""

INTERNAL_ERROR: Final = EXIT_NOT_JUDGED
"""The exit code for a run that could not judge the binding: the suite itself broke."""

INTERRUPTED: Final = EXIT_INTERRUPTED
"""The exit code of a run stopped by Ctrl-C, as a shell gives for SIGINT."""

_LIMITS: Final = Limits()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        # conformance.worker tells the tiers that import the binding by their options' full names.
        allow_abbrev=False,
        description="Check a binding module's WebSocket against SPEC.md, clause by clause.",
        epilog="Exit codes: 0 every selected clause judged and conforming; 1 a clause failed or a deviation is "
        "stale; 2 bad input; 3 not every selected clause could be judged; 130 interrupted.",
    )
    parser.add_argument("binding", nargs="?", help=f"binding module path, such as starlette.websockets (or ${ENV_VAR})")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the JSON report to FILE")
    parser.add_argument("--markdown", type=Path, metavar="FILE", help="write a Markdown table of the clauses to FILE")
    parser.add_argument(
        "--junit",
        type=Path,
        metavar="FILE",
        help="write a JUnit XML report to FILE, a test case per clause, for CI (a run that does not finish "
        "leaves an error in it)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on failed SHOULD clauses too")
    parser.add_argument("--deviations", type=Path, metavar="FILE", help="clauses the binding knowingly fails")
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all", help="async backend(s) (default: all)")
    parser.add_argument(
        "--clause",
        action="append",
        default=[],
        metavar="ID",
        help="run only this clause or family, such as CLOSE-2 or URL (repeatable; default: all of the tier run)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"time a test may take before its clause fails (default: {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument(
        "--memory-limit",
        type=int,
        default=_LIMITS.memory_mib,
        metavar="MIB",
        help=f"address space the binding's process may use before its test fails (default: {_LIMITS.memory_mib})",
    )
    parser.add_argument(
        "--run-limit",
        type=float,
        default=_LIMITS.run_seconds,
        metavar="SECONDS",
        help=f"time the whole run may take; what it has not judged by then is reported so "
        f"(default: {_LIMITS.run_seconds:g})",
    )
    parser.add_argument(
        "--static",
        action="store_true",
        help="run only the static tier: a type checker judges the TYPE clauses (the runtime clauses are not run)",
    )
    parser.add_argument(
        "--checker",
        choices=["mypy", "pyright", "all"],
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
        "hypercorn, daphne, granian or all (default: all)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="also show pytest's report of each failed test")
    return parser


def _fail(message: str, code: int) -> int:
    print(f"conformance: error: {message}", file=sys.stderr)
    return code


def _tier_deviations(options: argparse.Namespace, spec: Spec, tier: Mapping[str, Clause]) -> frozenset[str]:
    """The clauses of one tier that ``--deviations`` lists, if it is given."""
    if options.deviations is None:
        return frozenset()
    return read_tier_deviations(options.deviations, spec.clauses.keys(), tier.keys(), spec.feature_map, spec.retired)


Restore = list[tuple[Path, bytes | None]]
"""Each report file a run wrote before it started, with what it held then (``None``: it did not exist)."""


def _prove_reports_writable(options: argparse.Namespace, binding: str, spec: Spec) -> Restore:
    """Write each report file asked for now, so that one that cannot be written stops the run before it starts.

    Two reports may not share a file. When one cannot be written, those written before it are
    put back as they were, so a refused run changes no file; what is returned puts them back
    for a run refused later (:func:`_put_back`).
    """
    reports = [
        (flag, path, placeholder)
        for flag, path, placeholder in (
            ("--json", options.json, placeholder_json),
            ("--markdown", options.markdown, placeholder_markdown),
            ("--junit", options.junit, placeholder_junit),
        )
        if path is not None
    ]
    named: dict[str, str] = {}
    for flag, path, _ in reports:
        # realpath: a symbolic link to the other report's file is that file.
        earlier = named.setdefault(os.path.realpath(path), flag)
        if earlier != flag:
            raise ConfigError(f"{earlier} and {flag} both name {str(path)!r}: each report needs a file of its own")
    written: Restore = []
    try:
        for flag, path, placeholder in reports:
            if os.path.lexists(path) and not path.is_file():
                # A device or pipe (/dev/null) is written to, never taken away or put back.
                prove_writable(flag, path, placeholder(binding, spec.version))
                continue
            try:
                before = path.read_bytes() if path.is_file() else None
            except OSError as error:
                raise ConfigError(f"{flag} {str(path)!r}: cannot read the file it would replace ({error})") from None
            written.append((path, before))
            prove_writable(flag, path, placeholder(binding, spec.version))
    except ConfigError as error:
        problems = _put_back(written)
        if problems:
            raise ConfigError(f"{error}; and {problems}") from None
        raise
    return written


def _put_back(written: Restore) -> str:
    """Put each report file back as it was before the run; what could not be, or empty."""
    problems: list[str] = []
    for path, before in reversed(written):
        try:
            if before is None:
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(before)
        except OSError as error:
            problems.append(f"{str(path)!r} could not be put back ({error})")
    return "; ".join(problems)


def _without_extra(tier: str) -> int | None:
    """The exit code of a run of ``tier`` refused for lack of the ``conformance`` extra; ``None`` when it is there."""
    missing = missing_for("conformance")
    if not missing:
        return None
    verb = "is" if len(missing) == 1 else "are"
    return _fail(
        f"{tier} needs the 'conformance' extra, and {', '.join(missing)} {verb} not installed: "
        "pip install 'wsproto-api[conformance]'",
        USAGE_ERROR,
    )


def _static_run(options: argparse.Namespace, binding: str) -> Report | int:
    """The static tier's report, or the exit code of a run that could not start or finish."""
    refused = _without_extra("the static tier")
    if refused is not None:
        return refused
    from conformance.binding import BindingError, load_binding
    from conformance.checkers import Checker
    from conformance.static import CHECKERS, CheckerError, locate_checker, probe_name_clash, static_report

    checkers: tuple[Checker, ...] = CHECKERS if options.checker == "all" else (options.checker,)
    missing = [checker for checker in checkers if locate_checker(checker) is None]
    if missing:
        return _fail(f"--checker {options.checker}: {missing[0]} is not installed", USAGE_ERROR)
    spec = parse_spec()
    try:
        clauses = select(spec, STATIC_TIER, options.clause)
        clash = probe_name_clash(binding)
        if clash:
            raise ConfigError(clash)
        load_in_child(binding)
        module = load_binding(binding).module
        deviations = _tier_deviations(options, spec, spec.static_clauses)
        _prove_reports_writable(options, binding, spec)
    except (BindingError, DeviationsError, ConfigError) as error:
        return _fail(str(error), USAGE_ERROR)
    except BindingUnloadable as error:
        return _fail(str(error), INTERNAL_ERROR)
    print(f"static tier ({', '.join(checkers)}): TYPE clauses only; the runtime clauses are not run")
    try:
        return static_report(
            binding,
            module,
            spec.version,
            checkers=checkers,
            deviations=deviations,
            strict=options.strict,
            clauses=clauses,
        )
    except CheckerError as error:
        return _fail(str(error), INTERNAL_ERROR)


def _live_run(options: argparse.Namespace, binding: str) -> int:
    """Run the live tier, print and write its reports; the run's exit code."""
    refused = _without_extra("the live tier")
    if refused is not None:
        return refused
    try:
        from conformance import live
        from conformance.binding import BindingError, load_binding
    except ImportError as error:
        return _fail(f"--live needs the websockets client: {error}", USAGE_ERROR)
    servers: list[live.ServerName] = [name for name in live.SERVERS if options.server in (name, "all")]
    if not servers:
        return _fail(f"--server {options.server!r}: choose from {', '.join(live.SERVERS)} or all", USAGE_ERROR)
    if not any(live.installed(name) for name in servers):
        return _fail(
            f"--live: none of {', '.join(servers)} is installed (pip install 'wsproto-api[live]')", USAGE_ERROR
        )
    spec = parse_spec()
    try:
        clauses = select(spec, LIVE_TIER, options.clause)
        load_in_child(binding)
        loaded = load_binding(binding)
        deviations = _tier_deviations(options, spec, spec.live_clauses)
        _prove_reports_writable(options, binding, spec)
    except (BindingError, DeviationsError, ConfigError) as error:
        return _fail(str(error), USAGE_ERROR)
    except BindingUnloadable as error:
        return _fail(str(error), INTERNAL_ERROR)
    print(f"live tier ({', '.join(servers)}): LIVE clauses only; the other clauses are not run")
    try:
        matrix = live.run_live(loaded.name, servers, clauses, announce=True)
    except BaseException as error:
        if not isinstance(error, KeyboardInterrupt) and not stopped_by_signal():
            raise
        # Every server process was stopped on the way out of run_live.
        return _fail("interrupted: every server stopped; the report files say the run did not finish", INTERRUPTED)
    report = live.live_report(
        loaded.name, spec.version, clauses.values(), matrix, deviations=deviations, strict=options.strict
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


def _runtime_run(options: argparse.Namespace, binding: str) -> int:
    """Run the runtime tier in a child process, print and write its reports; the run's exit code."""
    refused = _without_extra("the runtime tier")
    if refused is not None:
        return refused
    from conformance.runner import SuiteError, UsageError, run_suite

    spec = parse_spec()
    try:
        config = RunConfig(
            binding,
            tuple(b for b in BACKENDS if options.backend in (b, "all")),
            strict=options.strict,
            deviations=frozenset()
            if options.deviations is None
            else read_deviations(options.deviations, spec.clauses.keys(), spec.feature_map, spec.retired),
            time_limit=options.time_limit,
            clauses=tuple(options.clause),
            verbose=options.verbose,
            limits=Limits(options.memory_limit, options.run_limit),
        )
        config.selected(spec)
        written = _prove_reports_writable(options, binding, spec)
    except (ConfigError, DeviationsError) as error:
        return _fail(str(error), USAGE_ERROR)
    try:
        result = run_suite(config, show=lambda text: print(text, flush=True) if options.verbose else None)
    except UsageError as error:
        # The run never started: the report files are put back as they were.
        problems = _put_back(written)
        return _fail(f"{error}; and {problems}" if problems else str(error), USAGE_ERROR)
    except SuiteError as error:
        return _fail(str(error), INTERNAL_ERROR)
    return _write(result.report, options)


def _write(report: Report, options: argparse.Namespace, *, markdown: bool = True) -> int:
    """Print the summary and write the reports asked for; the run's exit code."""
    print(terminal_summary(report), end="")
    try:
        if options.json is not None:
            write_json(report, options.json)
        if markdown and options.markdown is not None:
            write_markdown(report, options.markdown)
        if options.junit is not None:
            write_junit(report, options.junit)
    except OSError as error:
        return _fail(f"cannot write the report: {error}", USAGE_ERROR)
    return report.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    options = _parser().parse_args(argv)
    binding: str = options.binding or os.environ.get(ENV_VAR, "")
    # ``python -m conformance`` finds a binding module in the working directory; so does the
    # console script, whose own directory is all that Python puts on its path.
    if "" not in sys.path and os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    if options.static and options.live:
        return _fail("--static and --live are separate tiers: choose one", USAGE_ERROR)
    if options.live:
        return _live_run(options, binding)
    if options.static:
        static = _static_run(options, binding)
        return static if isinstance(static, int) else _write(static, options)
    return _runtime_run(options, binding)


def run() -> NoReturn:
    """End the process with the run's exit code: ``python -m conformance`` and the console script.

    The static and live tiers import the binding into the process that judges it, so they
    run in a worker process (``conformance.worker``) whose exit code counts only once it has
    told it: a binding that ends that process in the middle of the run gives exit code 3.
    What a binding leaves to run at exit could also change the status a process ends with
    (an ``atexit`` handler calling ``os._exit(0)`` would make a failed run read as passed)
    or keep it from ending (a thread that is not a daemon), so each process ends here, its
    streams flushed, without running them.
    """
    argv = sys.argv[1:]
    pipe = take_verdict_pipe()
    # Help is printed here and starts no process, so a module that would shadow the tool's
    # in them does not matter.
    helping = _asks_for_help(argv)
    shadowed = "" if helping else shadowing(Path.cwd())
    if shadowed:
        code = _fail(shadowed, USAGE_ERROR)
    elif pipe is None and not helping and loads_the_binding(argv):
        try:
            code = run_in_worker(argv)
        except WorkerEnded as ended:
            code = _fail(str(ended), INTERRUPTED if ended.stopped else EXIT_NOT_JUDGED)
    else:
        code = _main_to_the_end()
        if pipe is not None:
            tell_verdict(pipe, code)
    for stream in (sys.stdout, sys.stderr):
        # A stream the binding closed or broke: nothing more can reach it.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def _asks_for_help(argv: Sequence[str]) -> bool:
    """Whether ``argv`` asks for the help text, which argparse prints before anything runs (``-h``, ``-vh``)."""
    for arg in argv:
        if arg == "--":
            return False
        if arg == "--help" or (arg.startswith("-") and not arg.startswith("--") and "h" in arg[1:]):
            return True
    return False


def _main_to_the_end() -> int:
    """:func:`main`'s exit code, also when it raised."""
    try:
        return main()
    except SystemExit as stop:  # argparse's usage errors and --help
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        return stop.code if isinstance(stop.code, int) else USAGE_ERROR if stop.code else 0
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BaseException:
        traceback.print_exc()
        return EXIT_INTERRUPTED if stopped_by_signal() else INTERNAL_ERROR


if __name__ == "__main__":
    run()
