"""What the benchmarks share: running a coroutine without a loop, loading bindings, interleaved timing.

The implementations are compared in one process, timed in CPU time (``cpu_clock``), and take
turns round by round, in an order that rotates each round, so that a slow spell of a shared
machine, or the state the allocator was left in by the run before, falls on each alike. A
case's figure is the median over rounds.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import statistics
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Final, TypeVar, cast

import wsproto_api
from wsproto_api.asgi import Receive, Scope, Send

__all__ = [
    "BINDINGS",
    "Factory",
    "Sampler",
    "Unsupported",
    "WrongResult",
    "calibrate",
    "cpu_clock",
    "drive",
    "duration",
    "in_loop",
    "load_factories",
    "median_of_rounds",
    "rotated",
    "samples_of_rounds",
    "websocket_scope",
]

BINDINGS: Final = {"reference": "wsproto_api.reference", "starlette": "starlette.websockets"}
"""Column name -> binding module of the large-input and end-to-end cases; Starlette 1.10 is the baseline."""

_T = TypeVar("_T")

cpu_clock: Final = time.thread_time
"""The in-process cases' clock: this thread's CPU time, in seconds.

On a shared machine another process takes the core now and then, and a sample is the more
likely to be interrupted the longer it lasts, so wall time would charge other processes'
work mostly to the slower columns. CPU time leaves it out (a read costs about 0.6 us, once
per sample of milliseconds).
"""

Factory = Callable[[Scope, Receive, Send], wsproto_api.WebSocket]
"""A binding's ``WebSocket`` class, called as ``WebSocket(scope, receive, send)``."""

Sampler = Callable[[], float]
"""One timed sample: returns seconds per operation (or another per-unit figure)."""


def drive(coroutine: Coroutine[object, object, _T]) -> _T:
    """Run a coroutine that never suspends, without an event loop.

    The benchmark's peer answers at once, so a call completes in one step; timing it this
    way leaves out the event loop's overhead, which is the same for every implementation.
    """
    try:
        coroutine.send(None)
    except StopIteration as done:
        return cast(_T, done.value)
    coroutine.close()
    raise RuntimeError("the coroutine suspended: the benchmark's peer should never make it wait")


class Unsupported(Exception):
    """A framework lacks what a case needs (a method, an attribute): its cell is left empty."""


class WrongResult(RuntimeError):
    """A column computed something other than the case asks (a dropped echo, another value)."""


def in_loop(function: Callable[[], _T]) -> _T:
    """Call ``function`` inside a running asyncio event loop, for frameworks whose constructors need one.

    The loop is new and closed after the call; tasks ``function`` left pending are cancelled.
    """

    async def call() -> _T:
        return function()

    return asyncio.run(call())


def load_factories() -> dict[str, Factory]:
    """The ``WebSocket`` class of each binding in ``BINDINGS``, by column name."""
    factories: dict[str, Factory] = {}
    for column, module_name in BINDINGS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            raise SystemExit(
                f"cannot import {module_name} ({error}); the benchmark needs the test extra: pip install -e '.[test]'"
            ) from None
        # Starlette's WebSocket departs from the contract in typing only (SPEC.md, typed departures).
        factories[column] = cast(Factory, module.WebSocket)
    return factories


def rotated(names: list[str], round_number: int) -> list[str]:
    """``names`` starting at position ``round_number``, so that each takes each turn in turn."""
    shift = round_number % len(names)
    return names[shift:] + names[:shift]


def samples_of_rounds(samplers: Mapping[str, Sampler], rounds: int) -> dict[str, list[float]]:
    """Each sampler's samples, one a round for ``rounds`` rounds; within a round the samplers take rotating turns.

    The garbage collector is off while sampling, as in ``timeit``: a collection triggered by
    another sampler's garbage would be noise.
    """
    names = list(samplers)
    samples: dict[str, list[float]] = {name: [] for name in names}
    gc.collect()
    gc.disable()
    try:
        for round_number in range(rounds):
            for name in rotated(names, round_number):
                samples[name].append(samplers[name]())
    finally:
        gc.enable()
    return samples


def median_of_rounds(samplers: Mapping[str, Sampler], rounds: int) -> dict[str, float]:
    """Each sampler's median over ``rounds`` interleaved rounds (:func:`samples_of_rounds`)."""
    return {name: statistics.median(values) for name, values in samples_of_rounds(samplers, rounds).items()}


def calibrate(operation: Callable[[], object], min_time: float) -> int:
    """How many calls of ``operation`` make a batch last at least ``min_time``; the calls warm it up."""
    loops = 1
    while True:
        started = cpu_clock()
        for _ in range(loops):
            operation()
        elapsed = cpu_clock() - started
        if elapsed >= min_time:
            return loops
        loops *= 10 if elapsed < min_time / 10 else 2


def duration(seconds: float) -> str:
    """A time with three significant digits and a unit from ns to s."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        # 0.9995 of the unit rounds up to 1 of it, not to "1e+03" of the unit below.
        if seconds >= 0.9995 * scale or unit == "ns":
            return f"{seconds / scale:.3g} {unit}"
    raise AssertionError("unreachable: the loop ends with ns")


def websocket_scope(headers: list[tuple[bytes, bytes]], query_string: bytes = b"", path: str = "/chat") -> Scope:
    """A websocket scope as a server builds it for one handshake."""
    return {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "path": path,
        "raw_path": path.encode("ascii"),
        "query_string": query_string,
        "root_path": "",
        "headers": headers,
        "server": ("10.0.0.1", 80),
        "client": ("10.0.0.2", 50000),
        "subprotocols": [],
    }
