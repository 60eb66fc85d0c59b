"""Per message, the reference against an earlier version of itself, side by side in one process.

Usage: ``python -m benchmarks.compare_reference OLD_ROOT [--rounds N] [--messages N] [--wall]``.

``OLD_ROOT`` is a source tree that holds the earlier ``wsproto_api/reference`` (for example
``git worktree add ../before REV``). Its package is imported under the reference's own name
while the current one is set aside, so that its modules import each other and not the
current ones; then the current package is put back.

The cases are ``benchmarks.messages``'s: text, bytes and JSON, each echoed through an
``iter_*`` loop and a ``receive_*`` loop over its scripted peer, driven without an event
loop (``benchmarks.common.drive``). The columns take turns in an order that rotates each
round, with the garbage collector off, as in ``benchmarks.common.median_of_rounds``; each
time is the median over rounds, and the ratio the median over rounds of the ratio within
each round. A sample is timed in the CPU time of this thread, not in wall time, so that
what other processes on a shared machine do is not counted (``benchmarks.common.cpu_clock``,
as ``benchmarks.overhead`` times too); ``--wall`` times it in wall time instead. Comparing a tree with itself
(``OLD_ROOT`` the current tree) shows how far the ratios stray when nothing changed.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import ModuleType
from typing import Final, cast

import wsproto_api
from benchmarks.common import (
    Factory,
    Sampler,
    WrongResult,
    cpu_clock,
    drive,
    duration,
    samples_of_rounds,
    websocket_scope,
)
from benchmarks.frameworks import Iterator, Receiver, Sender
from benchmarks.messages import CASES, MessageCase, ScriptedPeer, echo_script, echoed_right, iter_echo, receive_echo

__all__ = ["Row", "compare", "load_reference", "main"]

PACKAGE: Final = "wsproto_api.reference"

Row = tuple[str, float, float, float]
"""A case's name, the earlier reference's and the current one's median seconds per message, and
the median over rounds of the current one's sample over the earlier one's."""


def _reference_modules() -> dict[str, ModuleType]:
    """The modules of the reference package that are imported now, by name."""
    return {name: module for name, module in sys.modules.items() if name == PACKAGE or name.startswith(PACKAGE + ".")}


def load_reference(root: Path) -> Factory:
    """The ``WebSocket`` class of the reference package under ``root``, loaded beside the current one."""
    directory = root / "wsproto_api" / "reference"
    init = directory / "__init__.py"
    if not init.is_file():
        raise SystemExit(f"{root} holds no wsproto_api/reference package")
    current = importlib.import_module(PACKAGE)
    saved = _reference_modules()
    for name in saved:
        del sys.modules[name]
    spec = importlib.util.spec_from_file_location(PACKAGE, init, submodule_search_locations=[str(directory)])
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {init}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    try:
        spec.loader.exec_module(module)
    finally:
        # The earlier modules keep their own globals; only the names go back to the current ones.
        for name in _reference_modules():
            del sys.modules[name]
        sys.modules.update(saved)
        wsproto_api.reference = current  # type: ignore[attr-defined]
    return cast(Factory, module.WebSocket)


def _session(case: MessageCase, ws: wsproto_api.WebSocket, count: int) -> Coroutine[object, object, None]:
    """Accept, then echo ``count`` messages of the case's kind through its loop."""

    async def session() -> None:
        await ws.accept()
        send = cast(Sender, getattr(ws, f"send_{case.kind}"))
        if case.loop == "iter":
            await iter_echo(cast(Iterator, getattr(ws, f"iter_{case.kind}")), send)
        else:
            await receive_echo(cast(Receiver, getattr(ws, f"receive_{case.kind}")), send, count)

    return session()


def _sampler(case: MessageCase, factory: Factory, count: int, clock: Callable[[], float]) -> Sampler:
    """Seconds per message of one session over a fresh peer; checks that every message was echoed."""
    scope = websocket_scope([(b"host", b"example.org")], path="/echo")

    def sample() -> float:
        peer = ScriptedPeer(echo_script(case.kind, count))
        coroutine = _session(case, factory(scope, peer.receive, peer.send), count)
        started = clock()
        drive(coroutine)
        elapsed = clock() - started
        if peer.sent != count + 1 or not echoed_right(case.kind, peer.last_sent):
            raise WrongResult(f"{case.name}: sent {peer.sent} messages for {count}, the last {peer.last_sent!r}")
        return elapsed / count

    return sample


def _paired_rounds(samplers: dict[str, Sampler], rounds: int) -> tuple[float, float, float]:
    """The medians of ``before`` and ``after``, and the median of their ratio within each round.

    As ``benchmarks.common.median_of_rounds``, with the ratio taken round by round: a slow
    spell of the machine that spans a round slows both of its samples, so that the paired
    ratio moves less than the ratio of the medians.
    """
    samples = samples_of_rounds(samplers, rounds)
    ratios = [after / before for before, after in zip(samples["before"], samples["after"], strict=True)]
    return statistics.median(samples["before"]), statistics.median(samples["after"]), statistics.median(ratios)


def compare(old_root: Path, rounds: int, count: int, clock: Callable[[], float] = cpu_clock) -> list[Row]:
    """Per case, the earlier reference's and the current one's medians, and their paired ratio."""
    before = load_reference(old_root)
    after = cast(Factory, importlib.import_module(PACKAGE).WebSocket)
    rows: list[Row] = []
    for case in CASES:
        samplers = {"before": _sampler(case, before, count, clock), "after": _sampler(case, after, count, clock)}
        rows.append((case.name, *_paired_rounds(samplers, rounds)))
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the per-message table: before, after, and after over before."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.compare_reference", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("old_root", type=Path, help="a source tree holding the earlier wsproto_api/reference")
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per case (default 15)")
    parser.add_argument("--messages", type=int, default=2_000, help="messages echoed per sample (default 2000)")
    parser.add_argument("--wall", action="store_true", help="time in wall time, not this thread's CPU time")
    arguments = parser.parse_args(argv)
    if arguments.rounds < 1 or arguments.messages < 1:
        parser.error("--rounds and --messages must be at least 1")
    clock = time.perf_counter if arguments.wall else cpu_clock
    rows = compare(arguments.old_root, arguments.rounds, arguments.messages, clock)
    print(
        f"per message, median of {arguments.rounds} interleaved rounds of {arguments.messages} messages, "
        f"{'wall' if arguments.wall else 'CPU'} time, Python {sys.version.split()[0]}"
    )
    print("| case | before | after | after/before |")
    print("| --- | ---: | ---: | ---: |")
    for name, before, after, ratio in rows:
        print(f"| {name} | {duration(before)} | {duration(after)} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
