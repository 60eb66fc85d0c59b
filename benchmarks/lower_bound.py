"""Per message, the reference against its funnels written out and the two peers ahead of it.

Usage: ``python -m benchmarks.lower_bound [--rounds N] [--messages N]``.

Four columns side by side in one process, in the per-message cases of ``benchmarks.messages``
that an application writes most (``receive_*`` loops of text and JSON): the reference; the
reference with its funnels written out (``benchmarks.written_out``, a conforming connection
that makes the same checks in one frame per message and direction); Asgineer, the fastest peer
on text; and Litestar, the fastest on JSON (msgspec). The columns take turns in an order that
rotates every round, timed in this thread's CPU time, as ``benchmarks.overhead`` times them;
each figure is the median over rounds. A column whose framework is not installed is left out.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Final

from benchmarks.common import Unsupported, duration, median_of_rounds
from benchmarks.frameworks import Framework, load
from benchmarks.messages import CASES, samplers

__all__ = ["COLUMNS", "main", "measure"]

DESCRIPTION: Final = "Per message, the reference against its funnels written out and the two peers ahead of it."

COLUMNS: Final = (
    Framework("reference", "wsproto_api.reference"),
    Framework("written-out", "benchmarks.written_out"),
    Framework("asgineer", "conformance.bindings.asgineer"),
    Framework("litestar", "conformance.bindings.litestar"),
)
"""The columns, in the table's order."""

MEASURED: Final = tuple(case for case in CASES if case.loop == "receive" and case.kind in ("text", "json"))
"""The cases: the written-out methods are ``receive_text``, ``send_text``, ``receive_json`` and ``send_json``."""


def measure(rounds: int, count: int) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """Per case name, each column's median seconds per message; and the columns left out, with why.

    A column that lacks a method of the case (Asgineer has no JSON methods) has no figure in it.
    """
    loaded, left_out = load(list(COLUMNS))
    table: dict[str, dict[str, float]] = {}
    for case in MEASURED:
        case_samplers = samplers(case, loaded, count)
        del case_samplers["raw"]
        for column, sample in list(case_samplers.items()):
            try:
                sample()  # the warm-up, which also checks the echo
            except Unsupported:
                del case_samplers[column]
        table[case.name] = median_of_rounds(case_samplers, rounds)
    return table, left_out


def main(argv: Sequence[str] | None = None) -> None:
    """Print each case's figures and the ratios of the two reference columns to each peer."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lower_bound", description=DESCRIPTION)
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per case (default 15)")
    parser.add_argument("--messages", type=int, default=2000, help="messages per sample (default 2000)")
    options = parser.parse_args(argv)
    if options.rounds < 1 or options.messages < 1:
        parser.error("--rounds and --messages must be at least 1")
    table, left_out = measure(options.rounds, options.messages)
    columns = [column.column for column in COLUMNS if column.column not in left_out]
    peers = [column for column in columns if column not in ("reference", "written-out")]
    ratios = [f"{ours}/{peer}" for ours in ("reference", "written-out") for peer in peers]
    widths = [max(12, len(name)) + 2 for name in columns + ratios]
    print(f"{'case':<22}" + "".join(f"{name:>{width}}" for name, width in zip(columns + ratios, widths, strict=True)))
    for case, figures in table.items():
        cells = [duration(figures[column]) if column in figures else "-" for column in columns]
        cells += [
            f"{figures[ours] / figures[peer]:.2f}" if peer in figures else "-"
            for ours in ("reference", "written-out")
            for peer in peers
        ]
        print(f"{case:<22}" + "".join(f"{cell:>{width}}" for cell, width in zip(cells, widths, strict=True)))
    for column, why in left_out.items():
        print(f"left out: {column}, {why}")


if __name__ == "__main__":
    main()
