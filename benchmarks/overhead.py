"""What a connection object costs: raw ASGI, the reference and every installed peer framework, side by side.

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

The columns (``benchmarks.frameworks``: the reference, Starlette 1.10 and each framework of
``conformance.bindings`` that is installed; end to end, the reference and Starlette only)
take turns round by round in a rotating order; every figure is the median over rounds. The
output gives the medians, the reference's median over every other column's, then each
target with the worst ratio among the rows it bounds and whether it is met, then why a
framework was left out or a cell left empty. ``--quick`` runs a few small rounds, for a smoke test.
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
from benchmarks.common import Sampler, Unsupported, WrongResult, median_of_rounds
from benchmarks.frameworks import Loaded, discover, load, version
from benchmarks.results import RAW, REFERENCE, TARGETS, Row, Verdict, judge, ratio_name, table

__all__ = ["Measured", "Settings", "machine", "main", "measure_all", "notes", "usable"]


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


def machine(frameworks: Sequence[Loaded] = ()) -> dict[str, object]:
    """What the figures were measured on, and the version of each framework measured."""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        **{package: metadata.version(package) for package in ("starlette", "uvicorn", "websockets")},
        "frameworks": {loaded.column: version(loaded.column) for loaded in frameworks},
    }


@dataclass
class Measured:
    """The rows of the table, and why cells were left empty, by column."""

    rows: list[Row]
    notes: dict[str, list[str]]


def usable(samplers: dict[str, Sampler], case: str, notes: dict[str, list[str]]) -> dict[str, Sampler]:
    """The samplers whose first sample runs; the others' errors go to ``notes``, except the floor's and the reference's.

    The first sample also warms each column up; its figure is not kept.
    """
    usable: dict[str, Sampler] = {}
    for column, sampler in samplers.items():
        try:
            sampler()
        except Exception as error:
            if column in (RAW, REFERENCE):
                raise
            notes.setdefault(column, []).append(f"{case}: {_reason(error)}")
        else:
            usable[column] = sampler
    return usable


def _reason(error: Exception) -> str:
    if isinstance(error, Unsupported):
        return str(error)
    if isinstance(error, WrongResult):
        return f"wrong result, {error}"
    return f"{type(error).__name__}: {error}"


def _medians(samplers: dict[str, Sampler], columns: list[str], rounds: int) -> dict[str, float | None]:
    medians = median_of_rounds(samplers, rounds)
    return {column: medians.get(column) for column in columns}


def measure_all(settings: Settings, frameworks: list[Loaded]) -> Measured:
    """Every row of the table, in order, over the floor and ``frameworks``."""
    columns = [RAW, *(loaded.column for loaded in frameworks)]
    rows: list[Row] = []
    notes: dict[str, list[str]] = {}
    for message_case in messages.CASES:
        samplers = usable(messages.samplers(message_case, frameworks, settings.messages), message_case.name, notes)
        rows.append(Row("per message", message_case.name, "s", _medians(samplers, columns, settings.rounds)))
    for connection_case in connections.CASES:
        all_samplers = connections.samplers(connection_case, frameworks, settings.min_time)
        samplers = usable(all_samplers, connection_case.name, notes)
        medians = _medians(samplers, columns, settings.rounds)
        if not connection_case.has_raw:
            del medians[RAW]
        rows.append(Row(connection_case.group, connection_case.name, "s", medians))
    rows.append(_memory(settings, frameworks, notes))
    figures = end_to_end.measure(settings.end_to_end_rounds, settings.clients, settings.client_messages)
    rows += [
        Row("end to end", "messages per second", "msg/s", {c: f.messages_per_second for c, f in figures.items()}),
        Row("end to end", "latency p50", "s", {c: f.p50 for c, f in figures.items()}),
        Row("end to end", "latency p99", "s", {c: f.p99 for c, f in figures.items()}),
    ]
    return Measured(rows, notes)


def _memory(settings: Settings, frameworks: list[Loaded], notes: dict[str, list[str]]) -> Row:
    # Allocation does not depend on the machine's load; three rounds show that it is stable.
    memory_rounds = range(3)
    memory: dict[str, float | None] = {
        RAW: statistics.median(connections.bytes_per_scope(settings.live_connections) for _ in memory_rounds)
    }
    for loaded in frameworks:
        try:
            memory[loaded.column] = statistics.median(
                connections.bytes_per_connection(loaded, settings.live_connections) for _ in memory_rounds
            )
        except Exception as error:
            if loaded.column == REFERENCE:
                raise
            memory[loaded.column] = None
            notes.setdefault(loaded.column, []).append(f"bytes per live connection: {_reason(error)}")
    return Row("memory", "bytes per live connection", "B", memory)


def report(
    measured: Measured,
    verdicts: Sequence[Verdict],
    settings: Settings,
    frameworks: Sequence[Loaded],
    left_out: dict[str, str],
    *,
    quick: bool,
) -> dict[str, object]:
    """The numbers as JSON-ready data."""
    others = [column for column in (RAW, *(loaded.column for loaded in frameworks)) if column != REFERENCE]
    return {
        "benchmark": "overhead",
        "quick": quick,
        "rounds": settings.rounds,
        "statistic": "median",
        "settings": {**settings.__dict__, "end_to_end_rounds": settings.end_to_end_rounds},
        "machine": machine(frameworks),
        "columns": [RAW, *(loaded.column for loaded in frameworks)],
        "left_out": left_out,
        "notes": measured.notes,
        "rows": [
            {
                "group": row.group,
                "case": row.case,
                "unit": row.unit,
                "medians": row.medians,
                "ratios": {ratio_name(column): row.ratio(column) for column in others if column in row.medians},
            }
            for row in measured.rows
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


def notes(frameworks: Sequence[Loaded], left_out: dict[str, str], cells: dict[str, list[str]]) -> list[str]:
    """The lines after the tables: each framework left out and why, each empty cell and why."""
    lines = [f"left out: {column}, {reason}" for column, reason in left_out.items()]
    for loaded in frameworks:
        lines += [f"{loaded.column}: {note}" for note in cells.get(loaded.column, [])]
    return ["", 'notes (a cell "-": the framework lacks what the case needs)', *lines] if lines else []


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
    frameworks, left_out = load(discover())
    info = machine(frameworks)
    peers = ", ".join(f"{loaded.column} {version(loaded.column) or ''}".rstrip() for loaded in frameworks[1:])
    title = (
        f"overhead: raw ASGI, wsproto_api.reference and {peers}, "
        f"median of {settings.rounds} interleaved rounds ({settings.end_to_end_rounds} end to end), "
        f"Python {info['python']}, {info['cpu_count']} CPUs{' (quick)' if quick else ''}"
    )
    print(title, flush=True)
    measured = measure_all(settings, frameworks)
    verdicts = [judge(target, measured.rows) for target in TARGETS]
    columns = [RAW, *(loaded.column for loaded in frameworks)]
    print("\n".join([*table(measured.rows, verdicts, columns), *notes(frameworks, left_out, measured.notes)]))
    if arguments.json is not None:
        data = report(measured, verdicts, settings, frameworks, left_out, quick=quick)
        arguments.json.write_text(json.dumps(data, indent=2) + "\n")
    if arguments.chart is not None:
        from benchmarks.chart import write_chart

        write_chart(arguments.chart, measured.rows, TARGETS, columns, title.split(", median")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
