"""The pytest plugin: runs the suite against a binding inside any pytest session.

``pytest -p conformance --ws-binding BINDING`` adds the suite to the session; each of its
tests names one SPEC.md clause. The plugin loads the binding once, runs the async tests on
each chosen backend under a time limit, tolerates the failures the run was told to
tolerate (SHOULD clauses unless strict, listed deviations), and judges every clause.
"""

from __future__ import annotations

import functools
import inspect
import os
import signal
import threading
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Final

import anyio
import pytest

from conformance.binding import ENV_VAR, Binding, BindingError, load_binding
from conformance.deviations import DeviationsError, read_deviations
from conformance.outcomes import CaseKind, CaseResult, Report
from conformance.report import terminal_summary, write_json, write_markdown
from conformance.spec import Spec, parse_spec

__all__ = [
    "BACKENDS",
    "SUITE_DIR",
    "RunState",
    "binding",
    "pytest_addoption",
    "pytest_configure",
]

SUITE_DIR: Final = Path(__file__).resolve().with_name("suite")
"""Where the suite's test modules live."""

BACKENDS: Final = ("asyncio", "trio")
"""The async backends the suite can run on."""

DEFAULT_TIME_LIMIT: Final = 5.0
"""Seconds a test may take before its clause fails as hanging."""

LIMIT_AFTER_A_HANG: Final = 0.25
"""Seconds later tests get once one has hung, so that a hanging implementation cannot stall the run."""

SIGNAL_GRACE: Final = 1.0
"""How much later than the time limit, at most, a test stuck in synchronous code is interrupted."""


class SuiteTimeout(BaseException):
    """A test did not finish within the time limit.

    A ``BaseException``, so that no ``except Exception`` in a test or in the implementation
    can take the interruption for an ordinary error and carry on.
    """


class RunState:
    """What this session checks, and what it has seen so far."""

    def __init__(
        self,
        spec: Spec,
        binding: Binding,
        backends: tuple[str, ...],
        deviations: frozenset[str],
        *,
        strict: bool,
        time_limit: float,
    ) -> None:
        self.spec = spec
        self.binding = binding
        self.backends = backends
        self.deviations = deviations
        self.strict = strict
        self.time_limit = time_limit
        """Seconds the next test may take; shortened once a test has hung."""
        self.cases: dict[str, tuple[str, CaseResult]] = {}
        """Each test's clause and result, by node ID."""
        self.collection_errors: list[str] = []
        """The suite modules that failed to import, with the error."""
        self.hung_clauses: set[str] = set()
        """Clauses a test of which has hung: their other tests fail at once."""

    def report(self) -> Report:
        """The verdict on every clause from the results recorded so far."""
        results: dict[str, list[CaseResult]] = {}
        for clause_id, result in self.cases.values():
            results.setdefault(clause_id, []).append(result)
        return Report.judge(
            self.binding.name,
            self.spec.version,
            self.spec.runtime_clauses.values(),
            results,
            deviations=self.deviations,
            strict=self.strict,
        )


_SEVERITY: Final[dict[CaseKind, int]] = {"passed": 0, "skipped": 1, "expected-failure": 2, "failed": 3}

RUN_STATE: Final = pytest.StashKey[RunState]()
"""Where the session's :class:`RunState` is kept on the pytest config."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """The suite's command-line options, all prefixed ``--ws-``."""
    group = parser.getgroup("wsproto-conformance", "wsproto-api conformance suite")
    group.addoption("--ws-binding", metavar="MODULE", help=f"binding module to check (default: ${ENV_VAR})")
    group.addoption(
        "--ws-backend", choices=[*BACKENDS, "all"], default="all", help="async backend(s) to run on (default: all)"
    )
    group.addoption("--ws-deviations", metavar="FILE", help="clauses the binding knowingly fails, one ID a line")
    group.addoption("--ws-strict", action="store_true", help="fail the run on failed SHOULD clauses too")
    group.addoption(
        "--ws-time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"time a test may take before its clause fails (default: {DEFAULT_TIME_LIMIT:g})",
    )
    group.addoption("--ws-json", metavar="FILE", help="write the JSON report to FILE")
    group.addoption("--ws-markdown", metavar="FILE", help="write a Markdown table of the clauses to FILE")


def _run_state(config: pytest.Config) -> RunState | None:
    name: str | None = config.getoption("ws_binding") or os.environ.get(ENV_VAR)
    if not name:
        return None
    spec = parse_spec()
    try:
        binding = load_binding(name)
        deviations_file: str | None = config.getoption("ws_deviations")
        deviations = frozenset[str]()
        if deviations_file is not None:
            deviations = read_deviations(Path(deviations_file), spec.clauses.keys())
    except (BindingError, DeviationsError) as error:
        raise pytest.UsageError(str(error)) from None
    backend = str(config.getoption("ws_backend"))
    time_limit = config.getoption("ws_time_limit")
    if not isinstance(time_limit, float) or time_limit <= 0:
        raise pytest.UsageError(f"--ws-time-limit must be positive, not {time_limit}")
    return RunState(
        spec,
        binding,
        BACKENDS if backend == "all" else (backend,),
        deviations,
        strict=bool(config.getoption("ws_strict")),
        time_limit=time_limit,
    )


def _within(arg: str, path: Path) -> bool:
    """Whether the command-line argument ``arg`` names ``path`` or something inside it."""
    given = Path(arg.partition("::")[0]).resolve()
    return given == path or path in given.parents


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``clause`` mark and, when a binding is named, add the suite to the session."""
    config.addinivalue_line("markers", "clause(id): the SPEC.md clause a conformance test checks")
    state = _run_state(config)
    if state is None:
        return
    config.stash[RUN_STATE] = state
    config.pluginmanager.register(_ClauseRecorder(state, config), "wsproto-conformance-recorder")
    if config.pluginmanager.is_blocked("terminal"):
        # Nobody reads tracebacks without a terminal, and the verdicts need only each failure's
        # message; formatting a long traceback costs more than running the test.
        config.option.tbstyle = "line"
    # A directory above the suite does not count: pytest would not enter it when it lies
    # under a virtualenv or another directory that pytest skips.
    if not any(_within(arg, SUITE_DIR) for arg in config.args):
        config.args.append(str(SUITE_DIR))


def _in_suite(path: Path) -> bool:
    return SUITE_DIR in path.parents


@pytest.fixture(scope="session")
def binding(request: pytest.FixtureRequest) -> Binding:
    """The binding under test."""
    state = request.config.stash.get(RUN_STATE, None)
    if state is None:
        pytest.fail(f"no binding to check: pass --ws-binding MODULE or set {ENV_VAR}", pytrace=False)
    return state.binding


def _clause_of(item: pytest.Item) -> str:
    marks = list(item.iter_markers("clause"))
    ids = [clause_id for mark in marks for clause_id in mark.args]
    if len(ids) != 1:
        raise pytest.UsageError(f"conformance test {item.nodeid} must name exactly one clause, names {ids}")
    clause_id: str = ids[0]
    return clause_id


def _kind(report: pytest.TestReport) -> CaseKind:
    if hasattr(report, "wasxfail"):
        return "expected-failure" if report.skipped else "passed"
    if report.failed:
        return "failed"
    return "skipped" if report.skipped else "passed"


def _message(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        return longrepr[2].removeprefix("Skipped: ")
    crash = getattr(longrepr, "reprcrash", None)
    message = str(getattr(crash, "message", "")) or next(iter(report.longreprtext.strip().splitlines()[-1:]), "")
    return message.removeprefix("AssertionError: ").removeprefix("Failed: ")


class _ClauseRecorder:
    """Tags the suite's tests with their clause, times them, and records their results."""

    def __init__(self, state: RunState, config: pytest.Config) -> None:
        self.state = state
        self.config = config

    @pytest.hookimpl(tryfirst=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        if _in_suite(metafunc.definition.path) and "anyio_backend" in metafunc.fixturenames:
            metafunc.parametrize("anyio_backend", self.state.backends, scope="module")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        clauses = self.state.spec.runtime_clauses
        for item in items:
            if not _in_suite(item.path):
                continue
            clause_id = _clause_of(item)
            if clause_id not in clauses:
                raise pytest.UsageError(f"conformance test {item.nodeid} names {clause_id!r}, which SPEC.md lacks")
            item.user_properties.append(("clause", clause_id))
            if clause_id in self.state.deviations:
                item.add_marker(pytest.mark.xfail(reason=f"{clause_id} is listed as a deviation", strict=False))
            elif clauses[clause_id].level != "MUST" and not self.state.strict:
                item.add_marker(pytest.mark.xfail(reason=f"{clause_id} is a SHOULD clause", strict=False))

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> Generator[None, object, object]:
        test = pyfuncitem.obj
        if not (_in_suite(pyfuncitem.path) and inspect.iscoroutinefunction(test)):
            return (yield)
        pyfuncitem.obj = _time_limited(test, self.state.time_limit)
        try:
            return (yield)
        finally:
            pyfuncitem.obj = test

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        if not _in_suite(item.path):
            return (yield)
        clause_id = dict(item.user_properties).get("clause")
        if clause_id in self.state.hung_clauses:
            # The clause has failed already; waiting out its other tests would change nothing.
            # Failing in the call phase keeps the xfail marks of SHOULD clauses and deviations.
            pytest.fail(f"not run: an earlier test of {clause_id} did not finish in time", pytrace=False)
        limit = self.state.time_limit
        try:
            with _alarm(limit + min(limit, SIGNAL_GRACE)):
                return (yield)
        except BaseException as error:
            timeout = _timeout_in(error)
            if timeout is None:
                raise
            self._hung(item)
            # pytest reports a Failed outcome as a test failure; any other BaseException
            # would stop the whole session.
            pytest.fail(str(timeout), pytrace=False)

    def _hung(self, item: pytest.Item) -> None:
        self.state.time_limit = min(self.state.time_limit, LIMIT_AFTER_A_HANG)
        clause_id = dict(item.user_properties).get("clause")
        if isinstance(clause_id, str):
            self.state.hung_clauses.add(clause_id)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        clause_id = dict(report.user_properties).get("clause")
        kind = _kind(report)
        if not isinstance(clause_id, str) or (report.when != "call" and kind == "passed"):
            return
        # Setup, call and teardown each report; a test's result is its worst phase.
        current = self.state.cases.get(report.nodeid)
        if current is None or _SEVERITY[kind] > _SEVERITY[current[1].kind]:
            message = "" if kind == "passed" else _message(report)
            self.state.cases[report.nodeid] = (clause_id, CaseResult(report.nodeid, kind, message))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.state.collection_errors.append(f"{report.nodeid}: {report.longreprtext.strip()}")

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if hasattr(self.config, "workerinput"):
            return  # an xdist worker: the controller judges the whole run
        report = self.state.report()
        json_path: str | None = self.config.getoption("ws_json")
        if json_path:
            write_json(report, Path(json_path))
        markdown_path: str | None = self.config.getoption("ws_markdown")
        if markdown_path:
            write_markdown(report, Path(markdown_path))
        if report.exit_code and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        terminalreporter.section("wsproto-api conformance")
        terminalreporter.write(terminal_summary(self.state.report()))


def _time_limited(test: Callable[..., Awaitable[None]], limit: float) -> Callable[..., Awaitable[None]]:
    @functools.wraps(test)
    async def within_limit(**kwargs: object) -> None:
        # move_on_after rather than fail_after: a TimeoutError that the implementation
        # raises itself is an error of the implementation, not a hang.
        with anyio.move_on_after(limit) as scope:
            await test(**kwargs)
        if scope.cancelled_caught:
            raise SuiteTimeout(
                f"did not finish within {limit:g} s: the implementation waits for something the peer never sends"
            )

    return within_limit


def _timeout_in(error: BaseException) -> SuiteTimeout | None:
    """The time-limit interruption carried by ``error``, also inside an exception group."""
    if isinstance(error, SuiteTimeout):
        return error
    # An exception group (a builtin only from Python 3.11) holds its members in .exceptions.
    members: object = getattr(error, "exceptions", ())
    if isinstance(members, tuple):
        for inner in members:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(inner, BaseException):
                found = _timeout_in(inner)
                if found is not None:
                    return found
    return None


def _can_signal() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise SuiteTimeout("did not finish within the time limit: the implementation is stuck in synchronous code")


@contextmanager
def _alarm(seconds: float) -> Generator[None]:
    """Interrupt a test stuck in synchronous code, where an async time limit cannot reach."""
    if not _can_signal():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
