"""The live tier: the binding's ``WebSocket`` behind real ASGI servers, driven by a real client.

Each server runs in its own process on 127.0.0.1, on a port the operating system picks, and
serves a small application built on the binding under test; the ``websockets`` client talks
to it over loopback. Every wait has a time limit, and every server process is stopped however
a check or the run ends. The results are judged under SPEC.md's LIVE clauses, once per
server (a clause of a feature the binding lacks is absent on every server); a normal run
leaves those clauses out.

Modules: ``servers`` (the servers and how each starts), ``app`` (the app they serve),
``child`` (the server process), ``process`` (starting and stopping it), ``checks`` (one
check per clause) and ``matrix`` (running the checks and judging the clauses).
"""

from __future__ import annotations

from conformance.live.checks import CHECKS, NO_EXTENSION
from conformance.live.matrix import NOT_INSTALLED, Matrix, cell, live_markdown, live_report, run_live
from conformance.live.process import TIMEOUT, LiveServer, ServerGone, serve
from conformance.live.servers import SERVERS, ServerName, installed

__all__ = [
    "CHECKS",
    "NOT_INSTALLED",
    "NO_EXTENSION",
    "SERVERS",
    "TIMEOUT",
    "LiveServer",
    "Matrix",
    "ServerGone",
    "ServerName",
    "cell",
    "installed",
    "live_markdown",
    "live_report",
    "run_live",
    "serve",
]
