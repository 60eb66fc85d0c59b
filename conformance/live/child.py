"""The server process of the live tier: ``python -m conformance.live.child SERVER BINDING``.

It binds a socket to a free port on 127.0.0.1 and serves the live app, built on BINDING,
with SERVER. It speaks to the process that started it in JSON lines on its standard output:
first ``{"ready": PORT, "absent": {FEATURE: WHY}}`` once the server takes connections (with
the features the live tier needs that the binding lacks), then one ``{"record": ...}`` per
finished connection. The server's own output goes to standard error. It exits as soon
as its standard input closes, so it cannot outlive the run that started it, however that
run ends.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from typing import TextIO

from conformance.binding import load_binding
from conformance.live.app import LiveApp, Record, absent_features
from conformance.live.servers import BACKLOG, SERVERS, STARTERS, ServerName

__all__ = ["main"]


def _claim_stdout() -> TextIO:
    """The report channel: the real standard output, with ``sys.stdout`` sent to stderr."""
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", buffering=1)
    # Whatever a server or binding prints must not be read as a report.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    return channel


def _exit_when_orphaned() -> None:
    # os.read, not sys.stdin: a daemon thread blocked in a buffered read aborts the
    # interpreter's shutdown.
    while os.read(0, 4096):
        pass
    # The parent closed the pipe or died: no graceful shutdown is owed to a test server.
    os._exit(0)


def main(argv: list[str]) -> int:
    """Serve until standard input closes; exit 2 on bad arguments."""
    if len(argv) != 2 or argv[0] not in SERVERS:
        print(f"usage: python -m conformance.live.child {{{','.join(SERVERS)}}} BINDING", file=sys.stderr)
        return 2
    name: ServerName = argv[0]
    binding_name = argv[1]
    channel = _claim_stdout()
    lock = threading.Lock()

    def emit(event: dict[str, object]) -> None:
        line = json.dumps(event)
        with lock:
            channel.write(line + "\n")

    threading.Thread(target=_exit_when_orphaned, name="orphan-watch", daemon=True).start()
    binding = load_binding(binding_name)
    absent = absent_features(binding)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As servers do: the port can be bound again while closed connections are in TIME_WAIT.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(BACKLOG)
    port: int = sock.getsockname()[1]

    def report(record: Record) -> None:
        emit({"record": record})

    STARTERS[name](LiveApp(binding, report=report, ready=lambda: emit({"ready": port, "absent": absent})), sock)
    print(f"{name} stopped serving on its own", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
