"""What the suite's process tells the command line as it runs: one JSON object a line.

The runtime tier runs in a child process so that nothing the binding does can end or stall
the command line's own process. The child writes these events to a pipe as each thing
happens, so that the command line knows at every moment what has been judged and which
test is in flight, and can say what happened to that test if the child dies.
"""

from __future__ import annotations

import json
import os
import signal
from dataclasses import dataclass
from typing import Final, cast, get_args

from conformance.inventory import Inventory
from conformance.outcomes import CaseKind, CaseResult, Tally

__all__ = [
    "Collected",
    "Done",
    "Event",
    "EventError",
    "EventWriter",
    "Failed",
    "Finished",
    "Inventoried",
    "Recorded",
    "Started",
    "decode",
    "describe_exit",
    "last_line",
    "tally",
]


def describe_exit(code: int) -> str:
    """How a process ended, from its exit code as ``subprocess`` gives it (``-N`` for signal N)."""
    if code >= 0:
        return f"exit status {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:  # a real-time signal, which has no name
        return f"killed by signal {-code}"


def last_line(output: bytes, limit: int) -> str:
    """The last line a process wrote, cut to ``limit`` characters; empty when it wrote nothing."""
    lines = output.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:limit] if lines else ""


class EventError(Exception):
    """A line on the events pipe that is not an event: the suite's process is broken."""


@dataclass(frozen=True)
class Collected:
    """The tests selected for the run, each with its clause, in run order."""

    tests: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Inventoried:
    """The contract's members a new connection of the binding lacks, or has in the wrong kind."""

    inventory: Inventory


@dataclass(frozen=True)
class Started:
    """A test begins (its setup is next)."""

    test: str


@dataclass(frozen=True)
class Recorded:
    """One phase of a test ended with ``result``; the test's result is its worst phase."""

    clause: str
    result: CaseResult
    hung: bool = False
    """Whether the test was stopped at its time limit, so that its clause's other tests need not wait."""

    longrepr: str = ""
    """pytest's full report of a failure, sent only in a verbose run."""


@dataclass(frozen=True)
class Finished:
    """A test's teardown is over: nothing of it is in flight any more."""

    test: str


@dataclass(frozen=True)
class Failed:
    """The run cannot go on: the binding did not load, or the suite itself broke."""

    message: str
    usage: bool
    """Whether the cause is the user's input (exit 2) rather than the suite (exit 3)."""


@dataclass(frozen=True)
class Done:
    """Every selected test has run."""


Event = Collected | Inventoried | Started | Recorded | Finished | Failed | Done
"""Anything the suite's process reports."""

_NAMES: Final[dict[type, str]] = {
    Collected: "collected",
    Inventoried: "inventoried",
    Started: "started",
    Recorded: "recorded",
    Finished: "finished",
    Failed: "failed",
    Done: "done",
}


def encode(event: Event) -> bytes:
    """The event as one line of JSON."""
    data: dict[str, object] = {"event": _NAMES[type(event)]}
    if isinstance(event, Recorded):
        result = event.result
        data |= {"clause": event.clause, "test": result.test, "kind": result.kind, "message": result.message}
        data |= {"hung": event.hung, "longrepr": event.longrepr}
    elif isinstance(event, Collected):
        data["tests"] = [list(pair) for pair in event.tests]
    elif isinstance(event, (Started, Finished)):
        data["test"] = event.test
    elif isinstance(event, Failed):
        data |= {"message": event.message, "usage": event.usage}
    elif isinstance(event, Inventoried):
        data |= {"missing": list(event.inventory.missing), "wrong_kind": [list(p) for p in event.inventory.wrong_kind]}
    return json.dumps(data, ensure_ascii=True).encode("ascii") + b"\n"


def decode(line: bytes) -> Event:
    """The event on one line; :class:`EventError` when the line is not one."""
    try:
        data = cast("dict[str, object]", json.loads(line))
        name = data["event"]
        if name == "recorded":
            kind = cast(CaseKind, data["kind"])
            if kind not in get_args(CaseKind):
                raise ValueError(f"no such result kind {kind!r}")
            result = CaseResult(str(data["test"]), kind, str(data["message"]))
            return Recorded(str(data["clause"]), result, bool(data["hung"]), str(data["longrepr"]))
        if name == "collected":
            pairs = cast("list[list[str]]", data["tests"])
            return Collected(tuple((str(test), str(clause)) for test, clause in pairs))
        if name == "inventoried":
            missing = tuple(str(member) for member in cast("list[str]", data["missing"]))
            wrong = tuple((str(member), str(kind)) for member, kind in cast("list[list[str]]", data["wrong_kind"]))
            return Inventoried(Inventory(missing, wrong))
        if name == "started":
            return Started(str(data["test"]))
        if name == "finished":
            return Finished(str(data["test"]))
        if name == "failed":
            return Failed(str(data["message"]), bool(data["usage"]))
        if name == "done":
            return Done()
    except (ValueError, KeyError, TypeError) as error:
        raise EventError(f"unreadable event {line[:200]!r}: {error}") from None
    raise EventError(f"unknown event {line[:200]!r}")


class EventWriter:
    """Writes events to a pipe, whole lines at a time."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, event: Event) -> None:
        """Write ``event``; the reader sees whole lines only, as no other writer shares the pipe."""
        data = memoryview(encode(event))
        while data:
            data = data[os.write(self.fd, data) :]


def tally(event: Event, into: Tally) -> None:
    """Add what ``event`` says of the run's tests, if anything, to ``into``."""
    if isinstance(event, Collected):
        into.collected.update(event.tests)
    elif isinstance(event, Recorded):
        into.record(event.clause, event.result)
