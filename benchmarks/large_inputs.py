"""Very large inputs, the reference against Starlette 1.10: time should grow linearly with size.

Usage: ``python -m benchmarks.large_inputs [--quick] [--repeats N] [--json PATH]``.

Each case is timed at two sizes on both implementations in one run. The table gives the
best time per operation, the reference's time over Starlette's, and for each
implementation the growth ``t(large) / t(small)`` beside the size ratio: growth about equal
to the size ratio is linear, growth near 1 means the cost does not depend on the size (a
payload passed by reference), and growth well above the size ratio would be superlinear.

The cases: a handshake with 1,000 and 10,000 headers (build the connection, read
``headers``, look one up, read ``url``); 100 KiB and 1 MiB query strings (build, read
``query_params``, look one up, read ``url``); and 1 MiB and 16 MiB messages through
``receive_bytes``, ``receive_text``, ``send_bytes``, ``send_text``, ``receive_json`` (a
large JSON array) and ``send_json``. ``--quick`` uses sizes ten to sixteen times smaller and
fewer repeats, for a smoke test.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Final

import wsproto_api
from benchmarks.common import BINDINGS, drive, duration, load_factories, websocket_scope
from wsproto_api.asgi import Message, Receive, Scope, Send

__all__ = ["CASES", "main"]


KIB: Final = 1024
MIB: Final = 1024 * KIB

Factory = Callable[[Scope, Receive, Send], wsproto_api.WebSocket]
Operation = Callable[[], object]
"""One timed call; what it returns is compared across implementations before timing."""


class Peer:
    """An ASGI server side that answers at once: ``websocket.connect``, then ``message`` forever."""

    def __init__(self, message: Message | None = None) -> None:
        self.message = message
        self.connected = False
        self.last_sent: Message | None = None

    async def receive(self) -> Message:
        """``websocket.connect`` first, then the same message every time."""
        if not self.connected:
            self.connected = True
            return {"type": "websocket.connect"}
        if self.message is None:
            raise RuntimeError("this peer has no message to deliver")
        return self.message

    async def send(self, message: Message) -> None:
        """Keep only the last message, so that a send costs the peer nothing that grows."""
        self.last_sent = message


# -- the cases --------------------------------------------------------------------------------


def headers_case(factory: Factory, count: int) -> Operation:
    """``count`` headers: build the connection, read ``headers``, look up the last one, read ``url``."""
    headers = [(b"host", b"example.org")] + [(b"x-header-%d" % n, b"value-%d" % n) for n in range(1, count)]
    scope = websocket_scope(headers)
    peer = Peer()
    wanted = f"x-header-{count - 1}"

    def operation() -> object:
        ws = factory(scope, peer.receive, peer.send)
        return ws.headers.get(wanted), len(ws.headers), str(ws.url)

    return operation


def query_string_case(factory: Factory, size: int) -> Operation:
    """A query string of ``size`` bytes: build, read ``query_params``, look up the last key, read ``url``."""
    pairs: list[bytes] = []
    length = 0
    while length < size:
        pair = b"key%d=value%%20%d" % (len(pairs), len(pairs))
        pairs.append(pair)
        length += len(pair) + 1
    scope = websocket_scope([(b"host", b"example.org")], b"&".join(pairs))
    peer = Peer()
    wanted = f"key{len(pairs) - 1}"

    def operation() -> object:
        ws = factory(scope, peer.receive, peer.send)
        return ws.query_params.get(wanted), len(ws.query_params), str(ws.url)

    return operation


def _accepted(factory: Factory, message: Message | None = None) -> tuple[Peer, wsproto_api.WebSocket]:
    peer = Peer(message)
    ws = factory(websocket_scope([(b"host", b"example.org")]), peer.receive, peer.send)
    drive(ws.accept())
    return peer, ws


def _json_array(size: int) -> list[int]:
    """A list whose compact JSON text is ``size`` bytes, give or take a few."""
    # "123456," is seven bytes; "[" and "]" take the place of one comma.
    return [123456] * max(1, (size - 1) // 7)


def receive_bytes_case(factory: Factory, size: int) -> Operation:
    """``receive_bytes()`` of a ``size``-byte message."""
    _, ws = _accepted(factory, {"type": "websocket.receive", "bytes": b"\xab" * size})

    def operation() -> object:
        return len(drive(ws.receive_bytes()))

    return operation


def receive_text_case(factory: Factory, size: int) -> Operation:
    """``receive_text()`` of a ``size``-character message."""
    _, ws = _accepted(factory, {"type": "websocket.receive", "text": "x" * size})

    def operation() -> object:
        return len(drive(ws.receive_text()))

    return operation


def send_bytes_case(factory: Factory, size: int) -> Operation:
    """``send_bytes()`` of ``size`` bytes."""
    peer, ws = _accepted(factory)
    data = b"\xab" * size

    def operation() -> object:
        drive(ws.send_bytes(data))
        return peer.last_sent

    return operation


def send_text_case(factory: Factory, size: int) -> Operation:
    """``send_text()`` of ``size`` characters."""
    peer, ws = _accepted(factory)
    data = "x" * size

    def operation() -> object:
        drive(ws.send_text(data))
        return peer.last_sent

    return operation


def receive_json_case(factory: Factory, size: int) -> Operation:
    """``receive_json()`` of a JSON array about ``size`` bytes long."""
    text = json.dumps(_json_array(size), separators=(",", ":"))
    _, ws = _accepted(factory, {"type": "websocket.receive", "text": text})

    def operation() -> object:
        return drive(ws.receive_json())

    return operation


def send_json_case(factory: Factory, size: int) -> Operation:
    """``send_json()`` of a list whose JSON text is about ``size`` bytes long."""
    peer, ws = _accepted(factory)
    data = _json_array(size)

    def operation() -> object:
        drive(ws.send_json(data))
        return peer.last_sent

    return operation


@dataclass(frozen=True)
class Case:
    """One benchmark: how to build the timed operation for a size, and the two sizes."""

    name: str
    build: Callable[[Factory, int], Operation]
    sizes: tuple[int, int]
    quick_sizes: tuple[int, int]
    unit: str
    """``headers`` (a count) or ``bytes``."""


MESSAGE_SIZES: Final = (1 * MIB, 16 * MIB)
QUICK_MESSAGE_SIZES: Final = (64 * KIB, 1 * MIB)

CASES: Final = (
    Case("headers", headers_case, (1_000, 10_000), (100, 1_000), "headers"),
    Case("query_string", query_string_case, (100 * KIB, 1 * MIB), (10 * KIB, 100 * KIB), "bytes"),
    Case("receive_bytes", receive_bytes_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
    Case("receive_text", receive_text_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
    Case("send_bytes", send_bytes_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
    Case("send_text", send_text_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
    Case("receive_json", receive_json_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
    Case("send_json", send_json_case, MESSAGE_SIZES, QUICK_MESSAGE_SIZES, "bytes"),
)
"""Every case, in the order the table prints them."""


# -- timing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Seconds per operation over the repeats."""

    best: float
    median: float
    loops: int
    """Operations per repeat: enough for a repeat to last ``min_time``."""


def _timed(operation: Operation, loops: int) -> float:
    started = time.perf_counter()
    for _ in range(loops):
        operation()
    return time.perf_counter() - started


def _loops(operation: Operation, min_time: float) -> int:
    """How many calls make one timed run last at least ``min_time``; the calls made warm it up."""
    loops = 1
    elapsed = _timed(operation, loops)
    while elapsed < min_time:
        loops *= 10 if elapsed < min_time / 10 else 2
        elapsed = _timed(operation, loops)
    return loops


def measure(operations: dict[str, Operation], repeats: int, min_time: float) -> dict[str, Timing]:
    """Time each operation over ``repeats`` runs of as many loops as make a run last ``min_time``.

    The implementations take turns run by run, so that a slow spell of the machine, or the
    state the allocator was left in by the case before, falls on both alike.
    """
    gc.collect()
    # As timeit does: a collection triggered by another run's garbage would be noise.
    gc.disable()
    try:
        loops = {column: _loops(operation, min_time) for column, operation in operations.items()}
        runs: dict[str, list[float]] = {column: [] for column in operations}
        for _ in range(repeats):
            for column, operation in operations.items():
                runs[column].append(_timed(operation, loops[column]) / loops[column])
    finally:
        gc.enable()
    return {column: Timing(min(times), statistics.median(times), loops[column]) for column, times in runs.items()}


@dataclass(frozen=True)
class Row:
    """One case at one size, on every implementation."""

    case: Case
    size: int
    timings: dict[str, Timing]


def run_case(case: Case, size: int, factories: dict[str, Factory], repeats: int, min_time: float) -> Row:
    """Time ``case`` at ``size`` on every implementation, after checking they compute the same thing."""
    operations = {column: case.build(factory, size) for column, factory in factories.items()}
    results = {column: operation() for column, operation in operations.items()}
    baseline = results["starlette"]
    for column, result in results.items():
        if result != baseline:
            raise SystemExit(f"{case.name} at {size}: {column} computes something other than starlette does")
    del results, baseline
    return Row(case, size, measure(operations, repeats, min_time))


# -- output -----------------------------------------------------------------------------------


def size_label(size: int, unit: str) -> str:
    """``10,000 headers``, ``100 KiB``, ``16 MiB``."""
    if unit == "headers":
        return f"{size:,} headers"
    if size % MIB == 0:
        return f"{size // MIB} MiB"
    if size % KIB == 0:
        return f"{size // KIB} KiB"
    return f"{size:,} B"


HEADER: Final = ("case", "size", "reference", "starlette", "ref/starlette", "growth ref", "growth starlette", "size x")


def table(rows: Sequence[Row]) -> list[str]:
    """The result table, one line per case and size; growth is given on the larger size's line."""
    lines: list[list[str]] = [list(HEADER)]
    previous: dict[str, Row] = {}
    for row in rows:
        reference, starlette = row.timings["reference"].best, row.timings["starlette"].best
        cells = [
            row.case.name,
            size_label(row.size, row.case.unit),
            duration(reference),
            duration(starlette),
            f"{reference / starlette:.2f}",
        ]
        small = previous.get(row.case.name)
        if small is None:
            cells += ["", "", ""]
        else:
            cells += [
                f"{reference / small.timings['reference'].best:.1f}",
                f"{starlette / small.timings['starlette'].best:.1f}",
                f"{row.size / small.size:.1f}",
            ]
        previous[row.case.name] = row
        lines.append(cells)
    widths = [max(len(line[column]) for line in lines) for column in range(len(HEADER))]
    return [
        "  ".join(
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    ]


def report(rows: Sequence[Row], *, quick: bool, repeats: int) -> dict[str, object]:
    """The numbers as JSON-ready data: per case, both sizes, per implementation."""
    cases: list[dict[str, object]] = []
    for case in CASES:
        case_rows = [row for row in rows if row.case is case]
        small, large = case_rows
        cases.append(
            {
                "case": case.name,
                "unit": case.unit,
                "sizes": [row.size for row in case_rows],
                "seconds": {
                    column: {
                        "best": [row.timings[column].best for row in case_rows],
                        "median": [row.timings[column].median for row in case_rows],
                        "loops": [row.timings[column].loops for row in case_rows],
                    }
                    for column in BINDINGS
                },
                "ratio_reference_to_starlette": [
                    row.timings["reference"].best / row.timings["starlette"].best for row in case_rows
                ],
                "growth": {column: large.timings[column].best / small.timings[column].best for column in BINDINGS},
                "size_ratio": large.size / small.size,
            }
        )
    return {
        "benchmark": "large_inputs",
        "quick": quick,
        "repeats": repeats,
        "statistic": "best",
        "python": platform.python_version(),
        "starlette": metadata.version("starlette"),
        "cases": cases,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table, and write the JSON file when asked."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.large_inputs", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--quick", action="store_true", help="small sizes and few repeats, for a smoke test")
    parser.add_argument("--repeats", type=int, default=None, help="timed runs per measurement (default 5, quick 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the numbers to PATH")
    arguments = parser.parse_args(argv)
    repeats: int = (3 if arguments.quick else 5) if arguments.repeats is None else arguments.repeats
    if repeats < 1:
        parser.error("--repeats must be at least 1")
    min_time = 0.002 if arguments.quick else 0.05
    factories = load_factories()
    print(
        f"large inputs: wsproto_api.reference against starlette.websockets {metadata.version('starlette')}, "
        f"best of {repeats}, Python {platform.python_version()}{' (quick)' if arguments.quick else ''}",
        flush=True,
    )
    rows: list[Row] = []
    for case in CASES:
        for size in case.quick_sizes if arguments.quick else case.sizes:
            rows.append(run_case(case, size, factories, repeats, min_time))
    print("\n".join(table(rows)))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(report(rows, quick=arguments.quick, repeats=repeats), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
