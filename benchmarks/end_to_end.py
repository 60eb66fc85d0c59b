"""End to end: echo apps under uvicorn on loopback, driven by a pool of ``websockets`` clients.

Each app (raw ASGI, the reference, Starlette; see ``benchmarks.echo_apps``) is served by
its own uvicorn process on 127.0.0.1 (``benchmarks.serve``), all three started before the
first round. uvicorn runs its ``websockets-sansio`` protocol: it is uvicorn's fastest
websocket implementation, so the app's own cost is the largest share it can be, and the
comparison the most sensitive; ``wsproto`` would add the same protocol cost to every column.

A round runs each app in a rotating order: ``clients`` connections are opened (not timed),
then each sends ``count`` small text messages one after the other, awaiting each echo; the
round's messages per second are all messages over the wall time of the whole pool, and its
latencies are the send-to-echo times of every message. The figures are medians over
rounds of each round's rate, p50 and p99. The client runs in this process and the server
in another, so on two cores each has one.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from websockets.asyncio.client import ClientConnection, connect

from benchmarks.common import BINDINGS, rotated

__all__ = ["APPS", "Figures", "measure", "servers"]

APPS: Final = {"raw": "raw", **BINDINGS}
"""Column name -> what ``benchmarks.serve`` serves for it."""

MESSAGE: Final = "hello, world"
_START_TIMEOUT: Final = 30.0


@dataclass(frozen=True)
class Figures:
    """One column's medians over rounds."""

    messages_per_second: float
    p50: float
    p99: float


def _start(app: str) -> tuple[subprocess.Popen[str], int]:
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.serve", app],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.strip().isdigit():
        process.kill()
        _, stderr = process.communicate(timeout=_START_TIMEOUT)
        raise RuntimeError(f"the {app} echo server did not start: {stderr.strip() or line!r}")
    return process, int(line)


@contextmanager
def servers() -> Generator[dict[str, int], None, None]:
    """One uvicorn process per column, serving its echo app; yields each column's port, then stops them."""
    processes: list[subprocess.Popen[str]] = []
    try:
        ports: dict[str, int] = {}
        for column, app in APPS.items():
            process, port = _start(app)
            processes.append(process)
            ports[column] = port
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.communicate(timeout=_START_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()


async def _echo(connection: ClientConnection, count: int, latencies: list[float]) -> None:
    for _ in range(count):
        started = time.perf_counter()
        await connection.send(MESSAGE)
        echoed = await connection.recv()
        latencies.append(time.perf_counter() - started)
        if echoed != MESSAGE:
            raise RuntimeError(f"the server echoed {echoed!r}, not {MESSAGE!r}")


async def _round(port: int, clients: int, count: int) -> tuple[float, list[float]]:
    """Messages per second and every latency of one round against the server on ``port``."""
    url = f"ws://127.0.0.1:{port}/echo"
    # No compression and no proxy: the benchmark measures the app, on loopback only.
    connections = await asyncio.gather(*(connect(url, compression=None, proxy=None) for _ in range(clients)))
    latencies: list[float] = []
    try:
        started = time.perf_counter()
        await asyncio.gather(*(_echo(connection, count, latencies) for connection in connections))
        elapsed = time.perf_counter() - started
    finally:
        await asyncio.gather(*(connection.close() for connection in connections))
    return clients * count / elapsed, latencies


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def _rounds(ports: Mapping[str, int], rounds: int, clients: int, count: int) -> dict[str, Figures]:
    columns = list(ports)
    # One short round each first, so that no column pays for first connections and imports.
    for column in columns:
        await _round(ports[column], clients, max(1, count // 10))
    rates: dict[str, list[float]] = {column: [] for column in columns}
    p50s: dict[str, list[float]] = {column: [] for column in columns}
    p99s: dict[str, list[float]] = {column: [] for column in columns}
    for round_number in range(rounds):
        for column in rotated(columns, round_number):
            rate, latencies = await _round(ports[column], clients, count)
            rates[column].append(rate)
            p50s[column].append(_percentile(latencies, 0.50))
            p99s[column].append(_percentile(latencies, 0.99))
    return {
        column: Figures(
            statistics.median(rates[column]), statistics.median(p50s[column]), statistics.median(p99s[column])
        )
        for column in columns
    }


def measure(rounds: int, clients: int, count: int) -> dict[str, Figures]:
    """Serve every app, run ``rounds`` interleaved rounds of ``clients`` x ``count`` echoes, return the medians."""
    with servers() as ports:
        return asyncio.run(_rounds(ports, rounds, clients, count))
