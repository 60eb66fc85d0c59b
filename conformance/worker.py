"""The static and live tiers' worker process: the command line's verdict counts only once it is told.

Those tiers import the binding into the process that judges it. Loading it is tried in a
child first (``conformance.preflight``), but a binding can still end that process later
(a thread of its calling ``os._exit(0)`` in the middle of the run) with a status that reads
as a verdict. So the command line runs those tiers in a worker process and takes the
worker's exit code only from a pipe the worker writes it to as its last act; a worker that
ended without writing it ended before its verdict, which is no verdict.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from typing import Final

from conformance.lifetime import die_with_parent

__all__ = [
    "VERDICT_FD",
    "WorkerEnded",
    "loads_the_binding",
    "run_in_worker",
    "stopped_by_signal",
    "take_verdict_pipe",
    "tell_verdict",
]

VERDICT_FD: Final = "WSPROTO_API_VERDICT_FD"
"""The environment variable that makes ``python -m conformance`` a worker: the pipe to write its exit code to."""

IN_PROCESS_TIERS: Final = ("--static", "--live")
"""The options of the tiers that import the binding into the command line's process."""

_STOPPING: Final = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""The signals that stop a run (Ctrl-C, a CI job cancelled, a terminal closed), passed on to the worker.

The worker has a process group of its own, so that each reaches it once, from the command line.
"""


class WorkerEnded(Exception):
    """The worker process ended without telling its verdict."""

    def __init__(self, message: str, *, stopped: bool) -> None:
        super().__init__(message)
        self.stopped = stopped
        """Whether a stopping signal passed on to it ended it, rather than the binding."""


_RECEIVED: Final[list[signal.Signals]] = []
"""The stopping signals this worker received, in order."""


def _interrupt(number: int, _frame: object) -> None:
    # A stopping signal ends the run as Ctrl-C does: the tier stops what it started and says so.
    _RECEIVED.append(signal.Signals(number))
    raise KeyboardInterrupt(signal.Signals(number).name)


def stopped_by_signal() -> bool:
    """Whether a stopping signal reached this worker, so that whatever ends the tier, the run was stopped.

    The signal's ``KeyboardInterrupt`` is raised wherever the main thread is. Inside
    ``threading``'s own lock handling (a thread being started) it can leave a lock released
    twice, and come out as a ``RuntimeError`` instead.
    """
    return bool(_RECEIVED)


def loads_the_binding(argv: Sequence[str]) -> bool:
    """Whether the command line ``argv`` runs a tier that imports the binding into its own process.

    The parser takes no abbreviated options, so those tiers are named in full.
    """
    return os.name == "posix" and any(argument in IN_PROCESS_TIERS for argument in argv)


def take_verdict_pipe() -> int | None:
    """In a worker, the pipe to tell the verdict on, taken out of the environment; ``None`` elsewhere.

    Taken out so that no process the run starts (a checker, a server, the preflight's child)
    could take it for its own. A worker dies with the command line, so it never runs on alone.
    """
    value = os.environ.pop(VERDICT_FD, None)
    if value is None:
        return None
    die_with_parent()
    for number in _STOPPING:
        signal.signal(number, _interrupt)
    pipe = int(value)
    os.set_inheritable(pipe, False)
    return pipe


def tell_verdict(pipe: int, code: int) -> None:
    """Write the worker's exit code to ``pipe``: the run reached its verdict."""
    os.write(pipe, f"{code}\n".encode("ascii"))
    os.close(pipe)


def run_in_worker(argv: Sequence[str]) -> int:
    """Run ``python -m conformance argv`` in a worker process sharing this one's streams; its exit code.

    Raises :class:`WorkerEnded` when the worker ended without telling a verdict.
    """
    stopped_by: list[int] = []
    worker: subprocess.Popen[bytes] | None = None

    def forward(number: int, _frame: object) -> None:
        stopped_by.append(number)
        if worker is not None:
            worker.send_signal(number)

    previous = {number: signal.signal(number, forward) for number in _STOPPING}
    read, write = os.pipe()
    try:
        try:
            worker = subprocess.Popen(
                [sys.executable, "-m", "conformance", *argv],
                env=os.environ | {VERDICT_FD: str(write)},
                pass_fds=(write,),
                process_group=0,
            )
        finally:
            os.close(write)
        if stopped_by:
            worker.send_signal(stopped_by[0])
        status = worker.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    # Read once the worker has ended, without waiting for the pipe's end: a process the binding
    # forked may hold the pipe open, and must not hold the command line with it.
    os.set_blocking(read, False)
    try:
        told = os.read(read, 64)
    except BlockingIOError:
        told = b""
    finally:
        os.close(read)
    code = told.decode("ascii", "replace").strip()
    if code.isdigit():
        return int(code)
    if stopped_by:
        name = signal.Signals(stopped_by[0]).name
        raise WorkerEnded(f"stopped by {name}, not a verdict (exit status {status})", stopped=True)
    raise WorkerEnded(
        f"the run's process ended before its verdict (exit status {status}): the binding ended it", stopped=False
    )
