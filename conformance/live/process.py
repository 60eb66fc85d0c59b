"""Starting and stopping a live server process, and reading what its app reports.

The server runs in its own process (``conformance.live.child``) and its own session, so a
run can stop it for certain: its standard input is closed, which makes it exit at once, and
it is killed if it has not exited within the time limit. A server that dies mid-run, or a
run that is interrupted, leaves neither a process nor a bound port behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import IO, Final, cast

from conformance.live.app import Record
from conformance.live.servers import ServerName
from conformance.outcomes import BLOCKED

__all__ = ["TIMEOUT", "LiveServer", "ServerGone", "serve"]

TIMEOUT: Final = 10.0
"""The longest any one wait may take: a server start or stop, a client exchange, an app record."""


class ServerGone(Exception):
    """The server process exited, or never started; the message says how."""


@dataclass
class LiveServer:
    """A running server process on 127.0.0.1, and the records its app has sent back."""

    name: ServerName
    process: subprocess.Popen[bytes]
    reader: threading.Thread
    """The thread that reads the process's output into ``records``."""
    records: queue.Queue[Record]
    port: int = 0
    absent: dict[str, str] = field(default_factory=dict[str, str])
    """The features the live tier needs that the binding lacks, each with why (``features.absence``)."""

    def url(self, path: str) -> str:
        """The ``ws://`` URL of ``path`` on this server."""
        return f"ws://127.0.0.1:{self.port}{path}"

    def exit_status(self, grace: float = 0.0) -> str | None:
        """How the process ended, or None while it runs after ``grace`` seconds."""
        try:
            code = self.process.wait(grace) if grace else self.process.poll()
        except subprocess.TimeoutExpired:
            code = None
        if code is None:
            return None
        if code < 0:
            return f"the {self.name} process was killed by {signal.Signals(-code).name}"
        return f"the {self.name} process exited with status {code}"

    def record(self, path: str) -> Record:
        """The record of the app's next finished connection to ``path``; others are skipped."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                record = self.records.get(timeout=0.05)
            except queue.Empty:
                status = self.exit_status()
                if status is not None:
                    # What the process wrote before it died may still be on its way.
                    self.reader.join(TIMEOUT)
                    if self.records.empty():
                        raise ServerGone(status) from None
                continue
            if record["path"] == path:
                return record
        raise TimeoutError(f"the app recorded nothing for {path} within {TIMEOUT:g} s")

    def arrangement_failure(self, wait: float = 0.5) -> str | None:
        """Why a connection of the current check stopped at a failed arrangement (``blocked by ...``), or None.

        Reads the records left since the check drained them, waiting up to ``wait`` seconds for
        one still on its way: a route that stopped early can make the client fail first.
        """
        deadline = time.monotonic() + wait
        while True:
            try:
                record = self.records.get(timeout=0.05)
            except queue.Empty:
                if time.monotonic() >= deadline:
                    return None
                continue
            if record["outcome"].startswith(BLOCKED):
                return record["outcome"]

    def drain(self) -> None:
        """Forget records left by an earlier check."""
        with contextlib.suppress(queue.Empty):
            while True:
                self.records.get_nowait()


def _environment() -> dict[str, str]:
    # The child imports the binding by name, so it gets this process's import path.
    paths = [os.path.abspath(p or os.curdir) for p in sys.path]
    return os.environ | {"PYTHONPATH": os.pathsep.join(paths), "PYTHONUNBUFFERED": "1"}


Ready = tuple[int, dict[str, str]]
"""What the child announces once it serves: its port, and the features the binding lacks."""


def _read(stream: IO[bytes], ready: queue.Queue[Ready], records: queue.Queue[Record]) -> None:
    for line in stream:
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            # The child is this package's own code: its events have the shapes it declares.
            if "ready" in event:
                ready.put((int(event["ready"]), cast("dict[str, str]", event["absent"])))
            elif "record" in event:
                records.put(cast("Record", event["record"]))


def _last_line(stderr: IO[bytes]) -> str:
    stderr.seek(0)
    lines = [line for line in stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
    return lines[-1].strip()[:300] if lines else "no output"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serve(name: ServerName, binding: str) -> Generator[LiveServer]:
    """Start ``name`` serving the live app built on ``binding``; stop it however the block ends."""
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "conformance.live.child", name, binding],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=_environment(),
            # Its own session: a Ctrl-C meant for the run reaches the run, which stops the server.
            start_new_session=True,
        )
        ready: queue.Queue[Ready] = queue.Queue()
        records: queue.Queue[Record] = queue.Queue()
        assert process.stdout is not None
        reader = threading.Thread(target=_read, args=(process.stdout, ready, records), name=f"{name}-out", daemon=True)
        server = LiveServer(name, process, reader, records)
        try:
            # Inside the try: a stopping signal can interrupt the start, and the server must still stop.
            reader.start()
            deadline = time.monotonic() + TIMEOUT
            while True:
                with contextlib.suppress(queue.Empty):
                    server.port, server.absent = ready.get(timeout=0.05)
                    break
                status = server.exit_status()
                if status is not None:
                    raise ServerGone(f"{status} while starting: {_last_line(stderr)}")
                if time.monotonic() > deadline:
                    raise ServerGone(f"{name} did not start within {TIMEOUT:g} s: {_last_line(stderr)}")
            yield server
        finally:
            _stop(process)
            if reader.ident is not None:  # started
                reader.join(TIMEOUT)
            process.stdout.close()
