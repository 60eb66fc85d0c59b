"""What a connection object costs: raw ASGI, the reference and Starlette 1.10, side by side in one process.

Usage: ``python -m benchmarks.overhead [--quick] [--rounds N] [--json PATH] [--chart PATH]``.

The cases (see each module's docstring for exactly what is timed):

- per message (``benchmarks.messages``): echoing text, bytes and JSON, each through an
  ``iter_*`` loop and a ``receive_*`` loop, against bare ``receive()``/``send()`` calls;
- per connection and datastructures (``benchmarks.connections``): building a connection and
  reading ``url.path``, a header and a query parameter; header lookups among 20 and 100
  headers; query parameter and URL parsing;
- memory (``benchmarks.connections``): bytes per live connection object after those reads;
- end to end (``benchmarks.end_to_end``): messages per second and p50/p99 latency of echo
  apps under uvicorn on loopback, driven by a pool of ``websockets`` clients.

The columns take turns round by round in a rotating order; every figure is the median over
rounds. The table gives the reference's median over Starlette's and over the raw floor's,
then each target with the worst ratio among the rows it bounds and whether it is met.
``--quick`` runs a few small rounds, for a smoke test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from benchmarks import connections, end_to_end, messages
from benchmarks.common import load_factories, median_of_rounds
from benchmarks.results import TARGETS, Row, Verdict, judge, table

__all__ = ["Settings", "machine", "main", "measure_all"]


@dataclass(frozen=True)
class Settings:
    """How much to measure."""

    rounds: int
    messages: int
    """Messages echoed per per-message sample."""
    min_time: float
    """Seconds a per-connection sample lasts, at least."""
    live_connections: int
    """Connections kept alive to measure memory."""
    clients: int
    """Concurrent ``websockets`` clients end to end."""
    client_messages: int
    """Messages each client echoes per end-to-end round."""

    @property
    def end_to_end_rounds(self) -> int:
        """Three times ``rounds``, each shorter, for the end-to-end cases."""
        # Loopback rates swing with the machine's load; finer interleaving spreads a swing over every column.
        return 3 * self.rounds

    @classmethod
    def for_run(cls, *, quick: bool, rounds: int | None) -> Settings:
        """The full run's settings, or the quick run's; ``rounds`` overrides the default."""
        if quick:
            return cls(rounds or 3, messages=200, min_time=0.001, live_connections=200, clients=4, client_messages=40)
        return cls(
            rounds or 15, messages=2_000, min_time=0.01, live_connections=1_000, clients=8, client_messages=2_000
        )


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        **{package: metadata.version(package) for package in ("starlette", "uvicorn", "websockets")},
    }


def measure_all(settings: Settings) -> list[Row]:
    """Every row of the table, in order."""
    factories = load_factories()
    rows: list[Row] = []
    for message_case in messages.CASES:
        medians = median_of_rounds(messages.samplers(message_case, factories, settings.messages), settings.rounds)
        rows.append(Row("per message", message_case.name, "s", dict(medians)))
    for connection_case in connections.CASES:
        samplers = connections.samplers(connection_case, factories, settings.min_time)
        medians = median_of_rounds(samplers, settings.rounds)
        found: dict[str, float | None] = dict(medians)
        if not connection_case.has_raw:
            found["raw"] = None
        rows.append(Row(connection_case.group, connection_case.name, "s", found))
    # Allocation does not depend on the machine's load; three rounds show that it is stable.
    memory_rounds = range(3)
    memory: dict[str, float | None] = {
        "raw": statistics.median(connections.bytes_per_scope(settings.live_connections) for _ in memory_rounds)
    }
    for column, factory in factories.items():
        memory[column] = statistics.median(
            connections.bytes_per_connection(factory, settings.live_connections) for _ in memory_rounds
        )
    rows.append(Row("memory", "bytes per live connection", "B", memory))
    figures = end_to_end.measure(settings.end_to_end_rounds, settings.clients, settings.client_messages)
    rows += [
        Row("end to end", "messages per second", "msg/s", {c: f.messages_per_second for c, f in figures.items()}),
        Row("end to end", "latency p50", "s", {c: f.p50 for c, f in figures.items()}),
        Row("end to end", "latency p99", "s", {c: f.p99 for c, f in figures.items()}),
    ]
    return rows


def report(rows: Sequence[Row], verdicts: Sequence[Verdict], settings: Settings, *, quick: bool) -> dict[str, object]:
    """The numbers as JSON-ready data."""
    return {
        "benchmark": "overhead",
        "quick": quick,
        "rounds": settings.rounds,
        "statistic": "median",
        "settings": {**settings.__dict__, "end_to_end_rounds": settings.end_to_end_rounds},
        "machine": machine(),
        "rows": [
            {
                "group": row.group,
                "case": row.case,
                "unit": row.unit,
                "medians": row.medians,
                "ref/starlette": row.ratio("ref/starlette"),
                "ref/raw": row.ratio("ref/raw"),
            }
            for row in rows
        ],
        "targets": [
            {
                "target": verdict.target.describe(),
                "group": verdict.target.group,
                "case": verdict.target.case,
                "ratio": verdict.target.ratio,
                "bound": verdict.target.bound,
                "at_most": verdict.target.at_most,
                "worst": verdict.worst,
                "worst_case": verdict.worst_case,
                "met": verdict.met,
            }
            for verdict in verdicts
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run every case, print the table and the targets, and write the JSON and the chart when asked."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.overhead", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few small rounds, for a smoke test")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds per case (default 15, quick 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write the numbers to PATH")
    parser.add_argument(
        "--chart", type=Path, default=None, metavar="PATH", help="also draw the ratios to a PNG (needs matplotlib)"
    )
    arguments = parser.parse_args(argv)
    if arguments.rounds is not None and arguments.rounds < 1:
        parser.error("--rounds must be at least 1")
    quick: bool = arguments.quick
    settings = Settings.for_run(quick=quick, rounds=arguments.rounds)
    info = machine()
    title = (
        f"overhead: raw ASGI, wsproto_api.reference and starlette.websockets {info['starlette']}, "
        f"median of {settings.rounds} interleaved rounds ({settings.end_to_end_rounds} end to end), "
        f"Python {info['python']}, {info['cpu_count']} CPUs{' (quick)' if quick else ''}"
    )
    print(title, flush=True)
    rows = measure_all(settings)
    verdicts = [judge(target, rows) for target in TARGETS]
    print("\n".join(table(rows, verdicts)))
    if arguments.json is not None:
        arguments.json.write_text(json.dumps(report(rows, verdicts, settings, quick=quick), indent=2) + "\n")
    if arguments.chart is not None:
        from benchmarks.chart import write_chart

        write_chart(arguments.chart, rows, TARGETS, title.split(", median")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
