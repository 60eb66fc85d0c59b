"""Run the runtime tier in a child process and judge what it reports, whatever the binding does.

The child (:mod:`conformance.child`) runs in a session of its own, so that the terminal's
Ctrl-C reaches this process only; it reports each test as it starts and ends. This process
never imports the binding: it reads the events, keeps the whole-run time limit, and when the
run is over, or cut short, it stops every process of the child's group and judges every
selected clause from what came in. A clause whose tests did not all run is ``not-judged``.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Final

from conformance.config import RunConfig
from conformance.events import (
    Done,
    Event,
    EventError,
    Failed,
    Finished,
    Inventoried,
    Recorded,
    Started,
    decode,
    describe_exit,
    last_line,
    tally,
)
from conformance.inventory import Inventory
from conformance.outcomes import CaseResult, Report, Tally
from conformance.spec import parse_spec

__all__ = ["RunResult", "SuiteError", "UsageError", "run_suite"]

_READ: Final = 65536
_TAIL: Final = 2000
"""How much of the child's own output is kept to explain its end, in bytes."""

HYPOTHESIS_STORAGE: Final = "HYPOTHESIS_STORAGE_DIRECTORY"
"""Where hypothesis writes its cache; a run sets it to a scratch directory unless it is set."""

_CLEARED: Final = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONWARNINGS")
"""Environment variables that would change the child's pytest session, and are removed."""

_STOPPING_SIGNALS: Final = (signal.SIGTERM, signal.SIGHUP)
"""Signals that stop a run as Ctrl-C does: a CI job cancelled, a terminal closed."""


class _Stopped(Exception):
    """A signal in ``_STOPPING_SIGNALS`` arrived."""


def _raise_stopped(signum: int, frame: object) -> None:
    raise _Stopped(signal.Signals(signum).name)


@contextlib.contextmanager
def _stopping_signals() -> Generator[None]:
    """Take SIGTERM and SIGHUP as a stop, as Ctrl-C is, while the run lasts (in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, _raise_stopped) for number in _STOPPING_SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class SuiteError(Exception):
    """The suite could not run; the message says where it broke."""


class UsageError(Exception):
    """The child refused the run's input (the binding does not load); the message says why."""


@dataclass(frozen=True)
class RunResult:
    """A finished run: the report, each test's result, and which clause each test judged."""

    report: Report
    cases: tuple[CaseResult, ...]
    clause_of: Mapping[str, str]
    """Each test's clause, by test ID."""


@dataclass
class _Progress:
    """What the child has reported so far."""

    tally: Tally = field(default_factory=Tally)
    in_flight: str | None = None
    done: bool = False
    members: Inventory | None = None
    failure: Failed | None = None
    output: bytes = b""


@contextlib.contextmanager
def _child_environment() -> Generator[dict[str, str]]:
    """The child's environment: no pytest options or plugins of the user's, hypothesis's cache in scratch."""
    environment = {name: value for name, value in os.environ.items() if name not in _CLEARED}
    environment["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    if HYPOTHESIS_STORAGE in environment:
        yield environment
        return
    # The generated-input tests store no examples, but hypothesis still caches data in
    # .hypothesis/ under the current directory unless told where else to write.
    with tempfile.TemporaryDirectory(prefix="wsproto-conformance-") as scratch:
        yield environment | {HYPOTHESIS_STORAGE: scratch}


def _wait_briefly(child: subprocess.Popen[bytes]) -> int | None:
    """The child's exit code if it ends within a second, else ``None``."""
    try:
        return child.wait(timeout=1.0)
    except subprocess.TimeoutExpired:
        return None


def _stop_group(child: subprocess.Popen[bytes]) -> None:
    """Stop the child and every process it started that stayed in its process group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def run_suite(config: RunConfig, *, show: Callable[[str], None] | None = None) -> RunResult:
    """Run the selected tests against ``config.binding`` in a child process and judge every selected clause.

    ``show`` receives pytest's report of each failed test as it comes in, in a verbose run.
    Raises :class:`UsageError` when the binding does not load, :class:`SuiteError` when the
    suite itself cannot run. A Ctrl-C stops the child and returns what was judged, marked
    interrupted.
    """
    spec = parse_spec()
    selected = config.selected(spec)
    progress = _Progress()
    stopped = ""
    interrupted = False
    events_read, events_write = os.pipe()
    with _child_environment() as environment:
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "conformance.child", config.to_json(), str(events_write)],
                pass_fds=(events_write,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=environment,
                start_new_session=True,
            )
        finally:
            os.close(events_write)
        assert child.stdout is not None
        try:
            with _stopping_signals():
                stopped = _follow(child, events_read, progress, config, show)
        except KeyboardInterrupt:
            interrupted, stopped = True, "interrupted by Ctrl-C"
        except _Stopped as signal_name:
            interrupted, stopped = True, f"stopped by {signal_name}"
        finally:
            # How the child ended, before it is made to: one that closed its events pipe
            # unasked is usually ending by itself.
            ended = child.poll() if interrupted or stopped or progress.done else _wait_briefly(child)
            _stop_group(child)
            os.close(events_read)
            child.stdout.close()
    if progress.failure is not None and progress.failure.usage:
        raise UsageError(progress.failure.message)
    if progress.failure is not None and not progress.tally.results:
        raise SuiteError(progress.failure.message)
    if progress.failure is not None:
        stopped = progress.failure.message
    elif not stopped and not progress.done:
        last = last_line(progress.output, 300)
        said = f": {last}" if last else ""
        if ended is None:
            stopped = f"the suite's process closed its events pipe before the run was over{said}"
        else:
            stopped = f"the suite's process ended before the run did ({describe_exit(ended)}){said}"
    if progress.in_flight is not None:
        clause_id = progress.tally.collected.get(progress.in_flight, "")
        progress.tally.record(clause_id, CaseResult(progress.in_flight, "not-run", f"not finished: {stopped}"))
    report = progress.tally.report(
        config.binding,
        spec.version,
        selected.values(),
        deviations=config.deviations,
        strict=config.strict,
        stopped=stopped,
        interrupted=interrupted,
        members=progress.members,
    )
    results = progress.tally.results
    cases = tuple(result for _, result in results.values())
    return RunResult(report, cases, {test: clause_id for test, (clause_id, _) in results.items()})


def _follow(
    child: subprocess.Popen[bytes],
    events: int,
    progress: _Progress,
    config: RunConfig,
    show: Callable[[str], None] | None,
) -> str:
    """Read the child's events and output until it closes its events pipe; why the run stopped early, if it did."""
    assert child.stdout is not None
    output = child.stdout.fileno()
    started = time.monotonic()
    limits = config.limits
    pending = b""
    with selectors.DefaultSelector() as selector:
        selector.register(events, selectors.EVENT_READ)
        selector.register(output, selectors.EVENT_READ)
        while True:
            # Until the suite is collected, the binding's import and constructor have a shorter limit.
            loading = not progress.tally.collected and progress.failure is None
            limit = min(limits.run_seconds, limits.load_seconds) if loading else limits.run_seconds
            remaining = started + limit - time.monotonic()
            ready = selector.select(max(0.0, remaining))
            if remaining <= 0 and loading:
                return f"the binding did not load within {limit:g} s (its import or its constructor does not return)"
            if remaining <= 0:
                return f"the run took longer than its limit of {limit:g} s"
            for key, _ in ready:
                data = os.read(key.fd, _READ)
                if key.fd == output:
                    if not data:
                        selector.unregister(output)
                    progress.output = (progress.output + data)[-_TAIL:]
                    continue
                if not data:
                    return ""
                *lines, pending = (pending + data).split(b"\n")
                for line in lines:
                    try:
                        _take(decode(line), progress, show)
                    except EventError as error:
                        raise SuiteError(str(error)) from None
                if progress.done or progress.failure is not None:
                    # Whatever the child's import left running may keep it, and its pipes, alive.
                    return ""


def _take(event: Event, progress: _Progress, show: Callable[[str], None] | None) -> None:
    tally(event, progress.tally)
    if isinstance(event, Inventoried):
        progress.members = event.inventory
    elif isinstance(event, Started):
        progress.in_flight = event.test
    elif isinstance(event, Recorded) and show is not None and event.longrepr:
        show(event.longrepr)
    elif isinstance(event, Finished):
        progress.in_flight = None
    elif isinstance(event, Failed) and progress.failure is None:
        progress.failure = event  # the first: what follows is its consequence
    elif isinstance(event, Done):
        progress.done = True
