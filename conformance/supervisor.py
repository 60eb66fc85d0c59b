"""Run the collected tests in forked processes, so that the binding can break only the test in flight.

Inside the suite's child process, after pytest has collected the suite, :class:`Supervisor`
forks a worker that runs the tests one after the other and reports each as it starts and
ends. When a worker dies (an exit, a signal, a segfault, the memory cap) or is stopped (stuck
past its deadline, or writing past the output cap), the test in flight fails its clause with
what happened, and a new worker forked from the same collected session resumes at the next
test, with full time limits. Forking from the collected session makes a replacement cost
milliseconds, not a new interpreter and a new collection.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field
from typing import Final

import pytest

from conformance.config import Limits
from conformance.events import (
    EventError,
    EventWriter,
    Failed,
    Finished,
    Recorded,
    Started,
    decode,
    describe_exit,
    last_line,
)
from conformance.lifetime import die_with_parent
from conformance.outcomes import CaseResult
from conformance.plugin import SuitePlugin, sync_deadline

__all__ = ["Supervisor"]

_READ: Final = 65536
_TAIL: Final = 300
"""How much of a dead worker's last output its failure message quotes, in bytes."""

_POLL: Final = 0.05
"""How often, in seconds, the supervisor checks whether its worker has ended.

A worker's pipes do not tell: a process it started may hold them open after it has gone,
and a binding may close them while it goes on.
"""


def _read(fd: int) -> bytes | None:
    """What the non-blocking pipe ``fd`` holds: ``b""`` at its end, ``None`` when nothing is there yet."""
    try:
        return os.read(fd, _READ)
    except BlockingIOError:
        return None


@dataclass
class _Watch:
    """What the supervisor knows of the worker and its test in flight."""

    test: str | None = None
    started: float = field(default_factory=time.monotonic)
    """When the worker last started or finished a test."""

    output: int = 0
    tail: bytes = b""
    stopped: str = ""
    """Why the supervisor stopped the worker, if it did."""

    status: int = 0
    """The worker's exit code as ``subprocess`` gives it (``-N`` for signal N), once it has ended."""

    finished: list[str] = field(default_factory=list[str])
    pending: bytes = b""
    """The start of an event line not yet whole."""


class SupervisorError(Exception):
    """The supervisor cannot go on; the message says why."""


class Supervisor:
    """The pytest hook that replaces the run loop with forked, supervised workers."""

    def __init__(self, plugin: SuitePlugin, channel: EventWriter, limits: Limits) -> None:
        self.plugin = plugin
        self.channel = channel
        self.limits = limits
        self.deadline = sync_deadline(plugin.config.time_limit)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        """Run every collected test in supervised workers; report what stops the run."""
        if session.testsfailed or session.config.option.collectonly:
            return True  # a collection error: reported already, and no test may run
        try:
            self._run_all(session.items)
        except (SupervisorError, EventError, OSError) as error:
            self.channel.send(Failed(f"the suite's supervisor stopped: {error}", usage=False))
        return True

    def _run_all(self, items: list[pytest.Item]) -> None:
        clauses = {item.nodeid: str(dict(item.user_properties).get("clause", "")) for item in items}
        done: set[str] = set()
        while remaining := [item for item in items if item.nodeid not in done]:
            watch = self._run_worker(remaining)
            done.update(watch.finished)
            if watch.test is not None:
                self._fail_in_flight(watch, clauses.get(watch.test, ""))
                done.add(watch.test)
            elif not watch.finished:
                ended = watch.stopped or describe_exit(watch.status)
                raise SupervisorError(f"a test process ended before it started a test ({ended})")

    def _fail_in_flight(self, watch: _Watch, clause_id: str) -> None:
        assert watch.test is not None
        message = watch.stopped or f"its process ended during the test ({describe_exit(watch.status)})"
        last = last_line(watch.tail, 200)
        if last:
            message += f"; its last output: {last}"
        hung = message.startswith("did not finish")
        if hung:
            self.plugin.hung_clauses.add(clause_id)
        self.channel.send(Recorded(clause_id, CaseResult(watch.test, "failed", message), hung))
        self.channel.send(Finished(watch.test))

    def _run_worker(self, items: list[pytest.Item]) -> _Watch:
        events_read, events_write = os.pipe()
        output_read, output_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker's coverage is its events
            os.close(events_read)
            os.close(output_read)
            self._work(items, events_write, output_write)
        os.close(events_write)
        os.close(output_write)
        watch = _Watch()
        try:
            self._watch(pid, events_read, output_read, watch)
        finally:
            os.close(events_read)
            os.close(output_read)
        return watch

    def _watch(self, pid: int, events: int, output: int, watch: _Watch) -> None:
        """Forward the worker's events until it has ended; stop it when it breaks a limit."""
        os.set_blocking(events, False)
        os.set_blocking(output, False)
        with selectors.DefaultSelector() as selector:
            selector.register(events, selectors.EVENT_READ)
            selector.register(output, selectors.EVENT_READ)
            while True:
                if not watch.stopped and time.monotonic() >= watch.started + self.deadline:
                    self._stop(pid, watch, f"did not finish within {self.deadline:g} s: stuck outside the event loop")
                for key, _ in selector.select(_POLL):
                    self._take(key.fd, events, pid, watch, selector)
                reaped, status = os.waitpid(pid, os.WNOHANG)
                if reaped:
                    watch.status = os.waitstatus_to_exitcode(status)
                    break
            # What the worker wrote just before it ended.
            for fd in (events, output):
                while fd in selector.get_map() and self._take(fd, events, pid, watch, selector):
                    pass

    def _take(self, fd: int, events: int, pid: int, watch: _Watch, selector: selectors.BaseSelector) -> bool:
        """Take what ``fd`` holds; whether it held anything."""
        data = _read(fd)
        if not data:
            if data is not None:
                selector.unregister(fd)
            return False
        if fd != events:
            self._output(pid, watch, data)
            return True
        *lines, watch.pending = (watch.pending + data).split(b"\n")
        for line in lines:
            event = decode(line)
            self.channel.send(event)
            self._follow(event, watch)
        return True

    def _follow(self, event: object, watch: _Watch) -> None:
        if isinstance(event, Started):
            watch.test, watch.started, watch.output, watch.tail = event.test, time.monotonic(), 0, b""
        elif isinstance(event, Finished):
            watch.finished.append(event.test)
            watch.test, watch.started = None, time.monotonic()
        elif isinstance(event, Recorded) and event.hung:
            self.plugin.hung_clauses.add(event.clause)

    def _output(self, pid: int, watch: _Watch, data: bytes) -> None:
        watch.output += len(data)
        watch.tail = (watch.tail + data)[-_TAIL:]
        if watch.output > self.limits.output_bytes and not watch.stopped:
            limit = self.limits.output_bytes / 1024 / 1024
            self._stop(pid, watch, f"wrote more than {limit:g} MiB to standard output and error during the test")

    @staticmethod
    def _stop(pid: int, watch: _Watch, why: str) -> None:
        watch.stopped = why + "; its process was stopped"
        os.kill(pid, signal.SIGKILL)

    def _work(self, items: list[pytest.Item], events: int, output: int) -> None:  # pragma: no cover
        """The worker: run ``items`` in order, reporting to the supervisor, then leave at once."""
        die_with_parent()
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        # Only the supervisor speaks to the command line, so that its end is seen there at once.
        os.close(self.channel.fd)
        self.plugin.sink = EventWriter(events)
        status = 0
        try:
            for index, item in enumerate(items):
                following = items[index + 1] if index + 1 < len(items) else None
                item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        except BaseException:
            traceback.print_exc()
            status = 70
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(OSError, ValueError):  # a stream the binding closed
                    stream.flush()
            # Leave without pytest's session teardown: the supervisor's session finishes the run.
            os._exit(status)
