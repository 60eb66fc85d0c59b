"""The suite's pytest hooks: collect the suite, tag each test with its clause, time it, record it.

:class:`SuitePlugin` is the same in both places the suite runs. The command line's child
process (:mod:`conformance.child`) registers it with a :class:`~conformance.config.RunConfig`
that the command line built, and sends each result to the command line as an event. Inside a
backend's own pytest session (``pytest -p conformance --ws-binding BINDING``),
:func:`configure` builds the configuration from the ``--ws-*`` options once, and the results
are judged in that process (:class:`LocalRun`).
"""

from __future__ import annotations

import asyncio
import functools
import importlib
import importlib.util
import inspect
import os
import re
import sys
import unittest
from collections.abc import Awaitable, Callable, Generator, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Final, Protocol, cast

import anyio
import pytest

from conformance import features
from conformance.binding import Binding, BindingError, load_binding
from conformance.config import (
    BACKENDS,
    DEFAULT_TIME_LIMIT,
    ENV_VAR,
    EVERYWHERE_FAMILY,
    SUITE_DIR,
    ConfigError,
    RunConfig,
    prove_writable,
    suite_module,
)
from conformance.deviations import DeviationsError, read_deviations
from conformance.events import Collected, Event, Failed, Finished, Recorded, Started, tally
from conformance.expect import Judged
from conformance.inventory import Inventory, take_inventory
from conformance.outcomes import ABSENT, BLOCKED, CaseKind, CaseResult, Report, Tally
from conformance.report import placeholder_json, placeholder_markdown, terminal_summary, write_json, write_markdown
from conformance.spec import Spec, family_of, parse_spec
from conformance.watchdog import StuckTestWatchdog

__all__ = ["TIME_LIMIT", "LocalRun", "Sink", "SuitePlugin", "add_options", "configure"]

SYNC_GRACE: Final = 1.0
"""How much longer than its time limit, at most, a test stuck in synchronous code is given."""

TIME_LIMIT: Final = ContextVar[float]("wsproto_conformance_time_limit", default=DEFAULT_TIME_LIMIT)
"""The time limit of the suite test in flight, for a test that bounds its own work by it.

The generated-input tests stop shrinking a failure well within it (:mod:`conformance.suite.generated`).
"""

_PYTEST_OUTCOMES: Final[tuple[type[BaseException], ...]] = (
    pytest.fail.Exception,
    pytest.skip.Exception,
    pytest.xfail.Exception,
    pytest.exit.Exception,
)


_TOOL_DIR: Final = SUITE_DIR.parent
"""The ``conformance`` package (a real path): an outcome raised from its code is the suite's own."""


def _package_dirs(*names: str) -> tuple[Path, ...]:
    """Where the installed packages among ``names`` live (real paths), found without importing them.

    Importing hypothesis takes about a third of a second, which a run of families without
    generated-input tests would otherwise spend for nothing.
    """
    specs = (importlib.util.find_spec(name) for name in names)
    return tuple(Path(os.path.realpath(spec.origin)).parent for spec in specs if spec is not None and spec.origin)


_RUNNER_DIRS: Final = _package_dirs("_pytest", "pluggy", "hypothesis")
"""pytest's, pluggy's and hypothesis's packages: their frames raise what the code calling them asked for."""

_SKIPS: Final[tuple[type[BaseException], ...]] = (*_PYTEST_OUTCOMES, unittest.SkipTest)
"""What ends a test other than as a failure: pytest's outcomes, and ``unittest``'s skip, which pytest honours."""


@functools.cache
def _real_path(filename: str) -> Path:
    """``filename`` with every symbolic link resolved, as ``_TOOL_DIR`` is."""
    return Path(os.path.realpath(filename))


def _raised_by_tool(error: BaseException) -> bool:
    """Whether the code that raised ``error`` is the suite's, not the binding's.

    What the suite raises to say how a test ends (a skip as absent or blocked, ``Judged``) would
    say the same if the binding raised it: the raiser is the innermost frame outside the test
    runner's own packages.
    """
    frames: list[str] = []
    tb = error.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame.f_code.co_filename)
        tb = tb.tb_next
    for filename in reversed(frames):
        path = _real_path(filename)
        if not any(runner in path.parents for runner in _RUNNER_DIRS):
            return _TOOL_DIR in path.parents
    return False


def _false_absence(skip: BaseException) -> bool:
    """Whether ``skip`` says a feature is absent where the suite's code, in this test, did not say so.

    Such a skip came from elsewhere, however it reached the suite's frame: C code calling
    ``pytest.skip`` leaves no frame of the binding's to see, and may borrow the words of an
    absence the suite found for another test.
    """
    message = str(skip)
    return message.startswith(ABSENT) and not features.said_absent(message.removeprefix(ABSENT))


def skip_of_the_binding(error: BaseException) -> bool:
    """Whether ``error`` is a skip or another of pytest's outcomes that the binding raised, not the suite.

    It would read as the suite's "absent" or "blocked": the test fails for it, or, raised by
    an arrangement step, is blocked by the step's clause (``support.arrange``).
    """
    return isinstance(error, _SKIPS) and (not _raised_by_tool(error) or _false_absence(error))


def cancelled_by_the_binding(error: BaseException) -> bool:
    """Whether ``error`` cancels the test's task though no scope of the suite's was cancelled.

    The binding cancelled the task that called it, as a framework whose disconnect cancels the
    handler does: that is the binding's doing, as an error it raised would be, not a hang that
    the suite's time limit stopped or a cancellation a test made on purpose. When it is, the
    binding's request is withdrawn from the task, so that the suite's own scopes, which count a
    task's pending requests, still end as they should.
    """
    try:
        if not isinstance(error, anyio.get_cancelled_exc_class()):
            return False
        if anyio.current_time() >= anyio.current_effective_deadline():
            return False
    except RuntimeError:  # no event loop: nothing of the suite's was cancelled
        return False
    if isinstance(error, asyncio.CancelledError):
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            task.uncancel()
    return True


class Sink(Protocol):
    """Where the plugin sends what happens: the command line's pipe, or this process's own tally."""

    def send(self, event: Event) -> None:
        """Take one event."""
        ...


def sync_deadline(time_limit: float) -> float:
    """Seconds after which a test that the async time limit could not stop counts as stuck."""
    return time_limit + max(time_limit, SYNC_GRACE)


def _in_suite(path: Path) -> bool:
    return SUITE_DIR in path.parents


def _clause_of(item: pytest.Item) -> str:
    ids = [clause_id for mark in item.iter_markers("clause") for clause_id in mark.args]
    if len(ids) != 1:
        raise pytest.UsageError(f"conformance test {item.nodeid} must name exactly one clause, names {ids}")
    return str(ids[0])


MADE: Final = "wsproto_conformance_made"
"""The report attribute that carries a phase's outcome as pytest made it (pytest-xdist sends it on)."""

RETURNED: Final = pytest.StashKey[bool]()
"""Set on a suite test whose function returned: a call phase that passed without it was made a pass by a hook."""

_MADE_SAID: Final = {
    "failed": "which pytest reported as failed",
    "skipped": "which pytest reported as skipped",
    "unreturned": "whose test function did not return",
}
"""How a noted outcome reads after "a hook of this session made a pass (or an absence) of its call phase"."""


class _OutcomeAsMade:
    """A wrapper of ``pytest_runtest_makereport`` inside the session's own: notes each suite phase's outcome as made.

    A session's own hooks (a ``conftest.py``, another plugin) may change a test's outcome on
    its way to the suite: rewrite its report, replace it, or swallow the test's exception
    before pytest sees it. A failure made a pass, or made an absence, would read as judged.
    The note travels with the report, and :meth:`SuitePlugin.pytest_runtest_logreport` fails
    a pass or an absence that was not made one.
    """

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Note the outcome on the report; a pass over an exception, or whose test did not return, is none."""
        report = yield
        if _in_suite(item.path):
            made: str = report.outcome
            if report.passed and call.excinfo is not None:
                made = "failed"
            elif report.passed and report.when == "call" and not item.stash.get(RETURNED, False):
                made = "unreturned"
            setattr(report, MADE, made)
        return report


def _rewritten(report: pytest.TestReport, kind: CaseKind) -> str | None:
    """Why a pass or an absence of a suite test was not made one by pytest; ``None`` when it was."""
    made = getattr(report, MADE, None)
    if kind == "passed" and report.passed and made != "passed":
        became = "a pass"
    elif kind == "absent" and made != "skipped":
        became = "an absence"
    else:
        return None
    said = _MADE_SAID.get(str(made), "whose report pytest did not make")
    return f"a hook of this session made {became} of its {report.when} phase, {said}"


def _kind(report: pytest.TestReport) -> CaseKind:
    if hasattr(report, "wasxfail"):
        return "expected-failure" if report.skipped else "passed"
    # An outcome of another plugin's own stands for a failure it set aside: pytest-rerunfailures
    # reports "rerun" for a failed test it runs again, whose second run may pass.
    if report.outcome not in ("passed", "skipped"):
        return "failed"
    if report.skipped:
        message = _message(report)
        if message.startswith(ABSENT):
            return "absent"
        return "blocked" if message.startswith(BLOCKED) else "not-run"
    return "passed"


def _message(report: pytest.TestReport) -> str:
    if report.outcome not in ("passed", "failed", "skipped"):
        return f"failed, and reported as {report.outcome!r} by another plugin: {_failure(report)}"
    return _failure(report)


def _failure(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple):  # a skip: (path, line, reason)
        return longrepr[2].removeprefix("Skipped: ")
    crash = getattr(longrepr, "reprcrash", None)
    message = str(getattr(crash, "message", "")) or next(iter(report.longreprtext.strip().splitlines()[-1:]), "")
    return message.removeprefix("AssertionError: ").removeprefix("Failed: ")


def _escaped(error: BaseException, *, isolated: bool) -> BaseException | None:
    """The exception of the implementation's that would end the session, if ``error`` carries one.

    ``SystemExit`` and the like, raised by the binding, are its failures, not a reason to end
    the run. ``KeyboardInterrupt`` counts too where the run is isolated: the suite's process
    never receives a real Ctrl-C there, as the command line takes it.
    """
    if isinstance(error, (Exception, *_PYTEST_OUTCOMES)):
        return None
    if isinstance(error, KeyboardInterrupt) and not isolated:
        return None
    members: object = getattr(error, "exceptions", None)
    if isinstance(members, tuple):  # a BaseExceptionGroup: a builtin only from Python 3.11
        for inner in members:  # pyright: ignore[reportUnknownVariableType]
            if isinstance(inner, BaseException) and (found := _escaped(inner, isolated=isolated)) is not None:
                return found
    return error


class _SuiteModule(pytest.Module):
    """A suite module, collected by the suite's own naming rules whatever the session's are."""

    def funcnamefilter(self, name: str) -> bool:
        return name.startswith("test_")

    def classnamefilter(self, name: str) -> bool:
        return name.startswith("Test")


class SuitePlugin:
    """Adds the suite to a pytest session and records each of its tests by clause."""

    def __init__(self, config: RunConfig, spec: Spec, binding: Binding, sink: Sink, *, isolated: bool) -> None:
        self.config = config
        self.spec = spec
        self.clauses = config.selected(spec)
        self.binding_under_test = binding
        self.sink = sink
        self.isolated = isolated
        """Whether this process runs the suite alone, under the command line's supervision."""
        self.hung_clauses: set[str] = set()
        """Clauses a test of which has hung: their other tests fail at once instead of waiting too."""
        self._watchdog = None if isolated else StuckTestWatchdog(_terminal_stderr())
        """What ends a shared process whose test is stuck outside the event loop.

        The command line's child process is watched from outside instead.
        """
        self._forced: set[Path] = set()
        self._selected: dict[str, pytest.Item] = {}
        """The suite's tests of the selected clauses, before any other option narrowed them."""

    def pytest_configure(self, config: pytest.Config) -> None:
        """Register the ``clause`` mark, and this run for the ``binding`` fixture."""
        config.addinivalue_line("markers", "clause(id): the SPEC.md clause a conformance test checks")
        config.addinivalue_line(
            "markers", "refusing(id): the clause whose refusal an ERR-1 or ERR-2 test judges, whose feature it needs"
        )
        config.stash[BINDING] = self.binding_under_test
        config.pluginmanager.register(_OutcomeAsMade(), "wsproto-conformance-outcome-as-made")
        if config.pluginmanager.is_blocked("terminal") and not self.config.verbose:
            # Nobody reads tracebacks without a terminal, and the verdicts need only each failure's
            # message; formatting a long traceback costs more than running the test.
            config.option.tbstyle = "line"

    # -- collection: the suite is collected whatever the session's rules would hide -------------

    @pytest.hookimpl(tryfirst=True)
    def pytest_ignore_collect(self, collection_path: Path, config: pytest.Config) -> bool | None:
        """Never ignore the suite, nor a directory on the way to it; what else such a directory holds stays ignored."""
        # pytest skips virtualenvs, dot-directories and norecursedirs; the suite is installed
        # in one of them in most projects (./.venv). A symlink (a venv's lib64) is not a way
        # to the suite: following it would collect the suite twice.
        if not collection_path.is_symlink():
            real = collection_path.resolve()
            if real == SUITE_DIR or _in_suite(real):
                return False if real.suffix == ".py" or real == SUITE_DIR else None
            if real in SUITE_DIR.parents:
                others = config.pluginmanager.subset_hook_caller("pytest_ignore_collect", remove_plugins=[self])
                if others(collection_path=collection_path, config=config):
                    self._forced.add(collection_path)
                    return False
                return None
        return True if self._forced.intersection(collection_path.parents) else None

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> pytest.Module | None:
        """Collect a suite module that the session's ``python_files`` would not match."""
        if not _in_suite(file_path.resolve()) or not file_path.name.startswith("test_"):
            return None
        patterns = [str(p) for p in parent.config.getini("python_files")]
        if any(file_path.match(pattern) for pattern in patterns):
            return None  # pytest's own collector takes it, and pytest_pycollect_makemodule below
        module: pytest.Module = _SuiteModule.from_parent(parent, path=file_path)  # pyright: ignore[reportUnknownMemberType]
        return module

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makemodule(self, module_path: Path, parent: pytest.Collector) -> pytest.Module | None:
        """Collect every suite module by the suite's own naming rules."""
        if not _in_suite(module_path.resolve()):
            return None
        module: pytest.Module = _SuiteModule.from_parent(parent, path=module_path)  # pyright: ignore[reportUnknownMemberType]
        return module

    @pytest.hookimpl(tryfirst=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """Run each async test on the chosen backends."""
        if _in_suite(metafunc.definition.path) and "anyio_backend" in metafunc.fixturenames:
            metafunc.parametrize("anyio_backend", self.config.backends, scope="module")

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """Tag each suite test with its clause, leave out unselected clauses, tolerate what the run tolerates."""
        selected: list[pytest.Item] = []
        deselected: list[pytest.Item] = []
        runtime_clauses = self.spec.runtime_clauses  # built on each read
        for item in items:
            if not _in_suite(item.path):
                selected.append(item)
                continue
            clause_id = _clause_of(item)
            if clause_id not in runtime_clauses:
                raise pytest.UsageError(f"conformance test {item.nodeid} names {clause_id!r}, which SPEC.md lacks")
            family = family_of(clause_id)
            home = suite_module(family).name
            if item.path.name != home and family != EVERYWHERE_FAMILY:
                raise pytest.UsageError(f"conformance test {item.nodeid} names {clause_id}; its tests belong in {home}")
            if clause_id not in self.clauses:
                deselected.append(item)
                continue
            selected.append(item)
            self._selected[item.nodeid] = item
            item.user_properties.append(("clause", clause_id))
            if clause_id in self.config.deviations:
                item.add_marker(pytest.mark.xfail(reason=f"{clause_id} is listed as a deviation", strict=False))
            elif self.clauses[clause_id].level != "MUST" and not self.config.strict:
                item.add_marker(pytest.mark.xfail(reason=f"{clause_id} is a SHOULD clause", strict=False))
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = selected

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Report the suite's selected tests, each that another option left out as not run."""
        self.sink.send(Collected(tuple((test, _clause_of(item)) for test, item in self._selected.items())))
        running = {item.nodeid for item in session.items}
        left_out = [item for test, item in self._selected.items() if test not in running]
        if left_out and getattr(session.config, "workerinput", {}).get("workerid", "gw0") == "gw0":
            # As test reports, so that an xdist controller hears of them too (from one worker).
            for item in left_out:
                session.config.hook.pytest_runtest_logreport(report=_left_out(item))

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        """Learn the suite tests an xdist worker collected, so that each must report a result."""
        # The controller of an xdist run collects nothing itself.
        if isinstance(self.sink, LocalRun):
            self.sink.expect(test for test in ids if suite_clause(test) is not None)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """Report a suite module that failed to load."""
        if report.failed:
            self.sink.send(Failed(f"the suite failed to load: {report.nodeid}: {report.longreprtext.strip()}", False))

    # -- running: time limits, and the implementation's exits turned into its failures ---------

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        """Leave a test of an absent feature's clause unrun, as absent: the feature is reported once."""
        clause_id = dict(item.user_properties).get("clause")
        if not isinstance(clause_id, str):
            return
        # An ERR-1 or ERR-2 test judges how another clause's call is refused: it needs that
        # clause's feature too, or it would be blocked by a call the binding need not have.
        refused = [str(refusing) for mark in item.iter_markers("refusing") for refusing in mark.args]
        for gating in (clause_id, *refused):
            feature = self.spec.clauses[gating].feature
            if feature is not None:
                reason = features.absence(self.binding_under_test, self.spec.features[feature])
                if reason:
                    pytest.skip(ABSENT + reason)

    def pytest_runtest_logstart(self, nodeid: str, location: object) -> None:
        """Report a suite test as in flight."""
        if nodeid in self._selected:
            self.sink.send(Started(nodeid))

    def pytest_runtest_logfinish(self, nodeid: str, location: object) -> None:
        """Report a suite test as over, teardown included."""
        if nodeid in self._selected:
            self.sink.send(Finished(nodeid))

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> Generator[None, object, object]:
        """Run an async suite test under the time limit; note that a suite test's function returned."""
        test = pyfuncitem.obj
        if not _in_suite(pyfuncitem.path):
            return (yield)
        if inspect.iscoroutinefunction(test):
            clause_id = str(dict(pyfuncitem.user_properties).get("clause"))
            pyfuncitem.obj = _time_limited(
                test, self.config.time_limit, functools.partial(self.hung_clauses.add, clause_id)
            )
        try:
            result = yield
        finally:
            pyfuncitem.obj = test
        pyfuncitem.stash[RETURNED] = True
        return result

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        """Fail at once a test whose clause has hung; turn an exit the implementation raised into its failure."""
        if not _in_suite(item.path):
            return (yield)
        clause_id = dict(item.user_properties).get("clause")
        if clause_id in self.hung_clauses:
            # The clause has failed already; waiting out its other tests would change nothing.
            # Failing in the call phase keeps the xfail marks of SHOULD clauses and deviations.
            pytest.fail(f"not run: an earlier test of {clause_id} did not finish in time", pytrace=False)
        limit = TIME_LIMIT.set(self.config.time_limit)
        try:
            if self._watchdog is not None:
                self._watchdog.arm(sync_deadline(self.config.time_limit), item.nodeid)
            features.forget_said()
            return (yield)
        except BaseException as error:
            if skip_of_the_binding(error):
                # A skip the binding raised would read as the suite's "absent" or "blocked".
                said = f": {error}" if str(error) else ""
                pytest.fail(f"the implementation raised {type(error).__name__}{said}", pytrace=False)
            escaped = _escaped(error, isolated=self.isolated)
            if escaped is None:
                raise
            said = f": {escaped}" if str(escaped) else ""
            if clause_id != "EXC-1" and self._disconnect_not_an_exception(escaped):
                # The suite handles the binding's errors as Exceptions, which EXC-1 says it is.
                cause = "its WebSocketDisconnect is no Exception, so it escaped the test's handling of errors"
                pytest.skip(f"{BLOCKED}EXC-1 ({cause}): the implementation raised {type(escaped).__name__}{said}")
            pytest.fail(f"the implementation raised {type(escaped).__name__}{said}", pytrace=False)
        finally:
            TIME_LIMIT.reset(limit)
            if self._watchdog is not None:
                self._watchdog.disarm()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Block, not fail, a test that failed only because of a cause its rule does not name.

        That is a member the binding lacks, or a callable that cannot take the call as its
        signature clause gives it: those clauses fail instead.
        """
        report = yield
        clause_id = dict(item.user_properties).get("clause")
        failed = report.failed or hasattr(report, "wasxfail")
        if report.when != "call" or not failed or call.excinfo is None or not isinstance(clause_id, str):
            return report
        missing = features.missing_member(call.excinfo.value)
        blocker = features.DEFINING_CLAUSE.get(missing or "")
        cause = f"the binding has no {missing}"
        if missing is None or missing in self.spec.clauses[clause_id].names:
            blocker = features.blocking_signature(call.excinfo.value, self.spec.clauses[clause_id])
            cause = "the call does not fit its signature"
        if blocker is None or blocker == clause_id:
            return report
        path, line, _ = item.location
        reason = f"{BLOCKED}{blocker} ({cause}): {call.excinfo.exconly()}"
        report.outcome = "skipped"
        report.longrepr = (path, -1 if line is None else line, f"Skipped: {reason}")
        if hasattr(report, "wasxfail"):
            del report.wasxfail
        return report

    def _disconnect_not_an_exception(self, error: BaseException) -> bool:
        """Whether ``error`` is the binding's ``WebSocketDisconnect``, of a class that is no ``Exception``."""
        disconnect = self.binding_under_test.WebSocketDisconnect
        return isinstance(error, disconnect) and not isinstance(error, Exception)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Report each phase's result of a suite test."""
        clause_id = dict(report.user_properties).get("clause")
        if clause_id is None and report.failed:
            # A report an xdist controller made for a test whose worker crashed carries no properties.
            clause_id = suite_clause(report.nodeid)
        if not isinstance(clause_id, str):
            return
        kind = _kind(report)
        message = "" if kind == "passed" else _message(report)
        rewritten = _rewritten(report, kind)
        if rewritten is not None:
            kind, message = "failed", rewritten
        if report.when != "call" and kind == "passed":
            return
        hung = clause_id in self.hung_clauses and message.startswith("did not finish")
        longrepr = report.longreprtext if self.config.verbose and kind in ("failed", "expected-failure") else ""
        self.sink.send(Recorded(clause_id, CaseResult(report.nodeid, kind, message), hung, longrepr))


BINDING: Final = pytest.StashKey[Binding]()
"""Where the session keeps the binding under test, for the ``binding`` fixture."""


@pytest.fixture(scope="session")
def binding(request: pytest.FixtureRequest) -> Binding:
    """The binding under test."""
    return request.config.stash[BINDING]


LEFT_OUT: Final = "not run: the session's own options (-k, -m, --deselect, --lf, a conftest.py) left it out"
"""Why a test of a selected clause has no result but this."""


def _left_out(item: pytest.Item) -> pytest.TestReport:
    """A skip report for a suite test that the session left out, so that its clause is not judged."""
    path, line, _ = item.location
    return pytest.TestReport(
        item.nodeid,
        item.location,
        dict.fromkeys(item.keywords, 1),
        "skipped",
        (path, -1 if line is None else line, f"Skipped: {LEFT_OUT}"),
        "setup",
        user_properties=[("clause", _clause_of(item))],
    )


@functools.cache
def suite_clause(nodeid: str) -> str | None:
    """The clause of the suite test ``nodeid``, read from its function's mark; ``None`` for any other test."""
    path, _, name = nodeid.partition("::")
    module_file = Path(path).name
    if not module_file.startswith("test_") or not (SUITE_DIR / module_file).is_file():
        return None
    module = importlib.import_module(f"conformance.suite.{module_file.removesuffix('.py')}")
    function: object = getattr(module, name.partition("[")[0], None)
    marks = cast("list[pytest.Mark]", getattr(function, "pytestmark", []))
    ids = [mark.args[0] for mark in marks if mark.name == "clause"]
    return str(ids[0]) if len(ids) == 1 else None


def _time_limited(
    test: Callable[..., Awaitable[None]], limit: float, on_timeout: Callable[[], None]
) -> Callable[..., Awaitable[None]]:
    @functools.wraps(test)
    async def within_limit(**kwargs: object) -> None:
        # move_on_after rather than fail_after: a TimeoutError that the implementation
        # raises itself is an error of the implementation, not a hang.
        with anyio.move_on_after(limit) as scope:
            try:
                await test(**kwargs)
            except Judged as judged:
                if not _raised_by_tool(judged):
                    raise  # the binding's own exception, of a class it derived from the suite's
                return  # the test's clause is judged; what the rest of its body checks is another's
        if scope.cancelled_caught:
            on_timeout()
            pytest.fail(
                f"did not finish within {limit:g} s: the implementation waits for something the peer never sends",
                pytrace=False,
            )

    return within_limit


class LocalRun:
    """The results of a run inside a backend's own pytest session, judged in that session."""

    def __init__(self, config: RunConfig, spec: Spec, *, json_path: Path | None, markdown_path: Path | None) -> None:
        self.config = config
        self.spec = spec
        self.json_path = json_path
        self.markdown_path = markdown_path
        self.tally = Tally()
        self.failures: list[str] = []
        self.members: Inventory | None = None
        """What :mod:`conformance.inventory` found on a connection of the binding."""
        self.expected_ids: set[str] = set()
        """Suite tests an xdist worker collected, when this is the controller of such a run."""

    def send(self, event: Event) -> None:
        """Keep what the event says."""
        tally(event, self.tally)
        if isinstance(event, Failed):
            self.failures.append(event.message)

    def expect(self, tests: Iterable[str]) -> None:
        """Note tests that xdist workers collected; their clause is learned from their results."""
        self.expected_ids.update(tests)

    def report(self) -> Report:
        """The verdict from what has come in: a run that ran no suite test, or broke, is not judged."""
        stopped = "; ".join(self.failures)
        known = set(self.tally.collected) | set(self.tally.results)
        missing = sorted(self.expected_ids - known)
        ran = [result for _, result in self.tally.results.values() if result.kind != "not-run"]
        if not ran and not stopped:
            stopped = (
                "no test of the suite ran: check that the session can import the suite "
                f"from {SUITE_DIR.parent}, and that no -k, -m or --deselect option leaves it out, nor --co"
            )
        elif missing:
            stopped = f"{len(missing)} collected suite tests reported no result, such as {missing[0]}"
        return self.tally.report(
            self.config.binding,
            self.spec.version,
            self.config.selected(self.spec).values(),
            deviations=self.config.deviations,
            strict=self.config.strict,
            stopped=stopped,
            members=self.members,
        )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:  # noqa: D102 - pytest's hook
        if hasattr(session.config, "workerinput"):
            return  # an xdist worker, whose controller judges the whole run
        # A collect-only session (--co, perhaps from PYTEST_ADDOPTS) judged nothing: its report
        # says so, and the session fails like any other that left clauses unjudged.
        report = self.report()
        if self.json_path is not None:
            write_json(report, self.json_path)
        if self.markdown_path is not None:
            write_markdown(report, self.markdown_path)
        if report.exit_code and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:  # noqa: D102
        if hasattr(terminalreporter.config, "workerinput"):
            return
        terminalreporter.section("wsproto-api conformance")
        terminalreporter.write(terminal_summary(self.report()))


# -- use inside a backend's own pytest session -------------------------------------------------


@functools.cache
def _terminal_stderr() -> int:
    """A copy of standard error as it was before pytest captured it, for the stack dump of a stuck test.

    Called first while pytest adds the plugin's options, which comes before any capturing: a
    dump into the captured stream would be lost with the process.
    """
    return os.dup(2)


def add_options(parser: pytest.Parser) -> None:
    """The suite's command-line options, all prefixed ``--ws-``."""
    _terminal_stderr()
    group = parser.getgroup("wsproto-conformance", "wsproto-api conformance suite")
    group.addoption("--ws-binding", metavar="MODULE", help=f"binding module to check (default: ${ENV_VAR})")
    group.addoption(
        "--ws-backend", choices=[*BACKENDS, "all"], default="all", help="async backend(s) to run on (default: all)"
    )
    group.addoption("--ws-deviations", metavar="FILE", help="clauses the binding knowingly fails, one ID a line")
    group.addoption("--ws-strict", action="store_true", help="fail the run on failed SHOULD clauses too")
    group.addoption(
        "--ws-clause",
        action="append",
        default=[],
        metavar="ID",
        help="run only this clause or family (repeatable; default: every runtime clause)",
    )
    group.addoption(
        "--ws-time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"time a test may take before its clause fails (default: {DEFAULT_TIME_LIMIT:g})",
    )
    group.addoption("--ws-json", metavar="FILE", help="write the JSON report to FILE")
    group.addoption("--ws-markdown", metavar="FILE", help="write a Markdown table of the clauses to FILE")


def _path_option(config: pytest.Config, name: str) -> Path | None:
    value: str | None = config.getoption(name)
    return None if value is None else Path(value)


_SHARED_OPTION: Final = re.compile(r"^--(clause|time-limit)\b")
"""The command line's option that begins a :class:`RunConfig` error, which the plugin spells with ``--ws-``.

Only the option that begins the message: a path further on may hold the same characters."""


_OTHER_TIER: Final = re.compile(r"; (the \w+ tier) \((--static|--live)\) judges it$")
"""The end of a ``--clause`` error that names the tier judging the clause, which only the command line runs."""


def _as_plugin_options(message: str) -> str:
    """``message`` with the command line's option names spelled as the plugin's options (``--ws-clause``)."""
    message = _OTHER_TIER.sub(r"; \1 (python -m conformance \2) judges it", message)
    return _SHARED_OPTION.sub(r"--ws-\1", message, count=1)


def configure(config: pytest.Config) -> None:
    """Build the run's configuration once and add the suite to the session; refuse a session that names no binding.

    The plugin is loaded only on request (``-p conformance``), so a session that loads it and
    names no binding meant to judge one: a CI job whose ``WSPROTO_API_BINDING`` was dropped
    (by tox, say) would otherwise run its own tests alone and pass.
    """
    name: str | None = config.getoption("ws_binding") or os.environ.get(ENV_VAR)
    if not name:
        if config.getoption("help") or config.getoption("version"):
            return
        said = "is empty" if ENV_VAR in os.environ else "is not set"
        raise pytest.UsageError(
            f"the conformance plugin is loaded but names no binding to judge: give --ws-binding MODULE or set "
            f"{ENV_VAR} ({ENV_VAR} {said})"
        )
    spec = parse_spec()
    backend = str(config.getoption("ws_backend"))
    deviations_file = _path_option(config, "ws_deviations")
    json_path, markdown_path = _path_option(config, "ws_json"), _path_option(config, "ws_markdown")
    time_limit = cast(float, config.getoption("ws_time_limit"))
    clauses = cast("list[str]", config.getoption("ws_clause"))
    try:
        run = RunConfig(
            name,
            tuple(b for b in BACKENDS if backend in (b, "all")),
            strict=bool(config.getoption("ws_strict")),
            deviations=frozenset()
            if deviations_file is None
            else read_deviations(deviations_file, spec.clauses, spec.feature_map, spec.retired),
            time_limit=time_limit,
            clauses=tuple(clauses),
        )
        run.selected(spec)
        worker = hasattr(config, "workerinput")
        if json_path is not None and not worker:
            prove_writable("--ws-json", json_path, placeholder_json(name, spec.version))
        if markdown_path is not None and not worker:
            prove_writable("--ws-markdown", markdown_path, placeholder_markdown(name, spec.version))
        binding = load_binding(name)
    except ConfigError as error:
        raise pytest.UsageError(_as_plugin_options(str(error))) from None
    except (BindingError, DeviationsError) as error:
        raise pytest.UsageError(str(error)) from None
    local = LocalRun(run, spec, json_path=json_path, markdown_path=markdown_path)
    local.members = take_inventory(binding.sample())
    config.pluginmanager.register(sys.modules[__name__], "wsproto-conformance-fixtures")
    config.pluginmanager.register(local, "wsproto-conformance-run")
    config.pluginmanager.register(SuitePlugin(run, spec, binding, local, isolated=False), "wsproto-conformance")
    if not config.pluginmanager.hasplugin("anyio"):
        config.pluginmanager.import_plugin("anyio.pytest_plugin")
    if str(SUITE_DIR) not in config.args:
        config.args.append(str(SUITE_DIR))
