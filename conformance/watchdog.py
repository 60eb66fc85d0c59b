"""Ends a shared pytest process whose suite test is stuck outside the event loop.

Inside a backend's own pytest session nothing can interrupt such a test safely, so past its
deadline the process prints every thread's stack and exits 1: the session (or, under
pytest-xdist, the worker, which the controller reports as crashed) fails instead of hanging.
The stacks are printed by a Python thread, which runs only while it holds the interpreter
lock, so the stuck thread's frames stand still while they are read; faulthandler's own timer
reads them from a thread that does not hold the lock, and crashes the process with SIGSEGV
when it reads a frame being built or freed. Its timer stays as a backstop, a grace period
later, for code that never releases the lock (a C loop): then no frame changes anyway.
"""

from __future__ import annotations

import faulthandler
import os
import threading
import time
from typing import Final

__all__ = ["BACKSTOP_GRACE", "StuckTestWatchdog"]

BACKSTOP_GRACE: Final = 5.0
"""Seconds after the deadline at which faulthandler's timer ends a process the watchdog could not."""


class StuckTestWatchdog:
    """One daemon thread that ends the process when the test it watches overruns its deadline."""

    def __init__(self, stream: int) -> None:
        """Write the stacks to the file descriptor ``stream`` (standard error before pytest captured it)."""
        self._stream = stream
        self._changed = threading.Condition()
        self._deadline: float | None = None
        self._what = ""
        self._seconds = 0.0
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, what: str) -> None:
        """Watch ``what`` (a test's name): end the process if it is still running ``seconds`` from now."""
        with self._changed:
            self._deadline = time.monotonic() + seconds
            self._what, self._seconds = what, seconds
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="wsproto-conformance-watchdog", daemon=True)
                self._thread.start()
            self._changed.notify()
        faulthandler.dump_traceback_later(seconds + BACKSTOP_GRACE, exit=True, file=self._stream)

    def disarm(self) -> None:
        """Stop watching: the test finished."""
        faulthandler.cancel_dump_traceback_later()
        with self._changed:
            self._deadline = None
            self._changed.notify()

    def _watch(self) -> None:
        with self._changed:
            while True:
                if self._deadline is None:
                    self._changed.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            said = (
                f"\nwsproto-api conformance: {self._what} did not finish within {self._seconds:g} s and is stuck "
                "outside the event loop, where nothing can stop it safely; ending this process (exit 1).\n"
            )
            os.write(self._stream, said.encode())
            faulthandler.dump_traceback(file=self._stream, all_threads=True)
            os._exit(1)
