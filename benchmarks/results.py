"""The overhead benchmark's results: rows of medians, their ratios, the targets and the tables.

Each row holds one median per column: ``raw`` (the same work written with bare ASGI calls,
or the scope itself for memory), ``reference``, then each peer framework (Starlette and the
frameworks of ``conformance.bindings``). A column in a row's ``medians`` with ``None`` lacks
what the case needs (``-``); a column absent from it was not measured there (``n/a``). The
ratios are the reference's figure over each other column's. A target bounds one ratio for
every row of a group, or for one named case of it; the ``peers`` target bounds the ratio
over every peer with a figure in the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from benchmarks.common import duration

__all__ = [
    "PEERS",
    "RAW",
    "REFERENCE",
    "TARGETS",
    "Row",
    "Target",
    "Verdict",
    "format_value",
    "judge",
    "ratio_name",
    "table",
]

RAW: Final = "raw"
"""The floor's column."""
REFERENCE: Final = "reference"
"""The reference's column: every ratio is its figure over another column's."""
PEERS: Final = "peers"
"""A target's ``versus`` meaning each peer framework in turn (every column but the floor and the reference)."""

Unit = Literal["s", "B", "msg/s"]
"""Seconds per operation, bytes per object, or messages per second."""


def ratio_name(versus: str) -> str:
    """``ref/starlette``, ``ref/raw``, ``ref/peers``."""
    return f"ref/{versus}"


@dataclass(frozen=True)
class Row:
    """One case: its median on each column measured (``None`` where a column lacks what it needs)."""

    group: str
    case: str
    unit: Unit
    medians: dict[str, float | None]

    def ratio(self, versus: str) -> float | None:
        """The reference's median over the column ``versus``'s, if both exist."""
        reference = self.medians.get(REFERENCE)
        other = self.medians.get(versus)
        if reference is None or other is None or other == 0:
            return None
        return reference / other

    def peers(self) -> list[str]:
        """The peer columns with a figure in this row, in column order."""
        return [
            column for column, value in self.medians.items() if column not in (RAW, REFERENCE) and value is not None
        ]


@dataclass(frozen=True)
class Target:
    """A bound on the reference's ratio to ``versus`` (a column, or ``PEERS``), for a group or one case of it."""

    group: str
    versus: str
    bound: float
    at_most: bool
    """``True``: the ratio must be at most ``bound``; ``False``: at least."""
    case: str | None = None

    @property
    def ratio(self) -> str:
        """The ratio's name, ``ref/<versus>``."""
        return ratio_name(self.versus)

    def describe(self) -> str:
        """For example ``per message: ref/starlette <= 0.4``."""
        scope = self.group if self.case is None else f"{self.group}, {self.case}"
        return f"{scope}: {self.ratio} {'<=' if self.at_most else '>='} {self.bound:g}"

    def applies_to(self, row: Row) -> bool:
        """Whether ``row`` is one this target bounds."""
        return row.group == self.group and (self.case is None or row.case == self.case)

    def columns(self, row: Row) -> list[str]:
        """The columns whose ratio this target bounds in ``row``."""
        return row.peers() if self.versus == PEERS else [self.versus]

    def met_by(self, value: float) -> bool:
        """Whether a ratio of ``value`` meets the bound."""
        return value <= self.bound if self.at_most else value >= self.bound


TARGETS: Final = (
    Target("per message", PEERS, 1.0, at_most=True),
    Target("per connection", PEERS, 1.0, at_most=True),
    Target("memory", PEERS, 1.0, at_most=True),
    Target("per message", "starlette", 0.4, at_most=True),
    Target("per message", RAW, 2.0, at_most=True),
    Target("per connection", "starlette", 0.35, at_most=True, case="construct, url.path, header, query param"),
    Target("memory", "starlette", 0.5, at_most=True),
    Target("end to end", RAW, 0.97, at_most=False, case="messages per second"),
)
"""The targets, as ratios of medians measured on one machine; first, the reference ahead of every peer."""


@dataclass(frozen=True)
class Verdict:
    """A target against the rows it bounds: the worst ratio among them and whether all meet it."""

    target: Target
    worst: float | None
    worst_case: str | None
    met: bool


def judge(target: Target, rows: Sequence[Row]) -> Verdict:
    """Whether every ratio ``target`` bounds meets it; a target with no measured ratio is missed."""
    ratios: list[tuple[float, str]] = []
    for row in rows:
        if not target.applies_to(row):
            continue
        for column in target.columns(row):
            value = row.ratio(column)
            if value is not None:
                ratios.append((value, row.case if target.versus != PEERS else f"{row.case} ({column})"))
    if not ratios:
        return Verdict(target, None, None, met=False)
    worst, worst_case = max(ratios) if target.at_most else min(ratios)
    return Verdict(target, worst, worst_case, target.met_by(worst))


def format_value(value: float | None, unit: Unit) -> str:
    """A median in its unit: ``1.23 us``, ``1,234 B``, ``12,345 msg/s``; ``-`` when the column lacks it."""
    if value is None:
        return "-"
    if unit == "s":
        return duration(value)
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:,.0f} msg/s"


def _cell(row: Row, column: str) -> str:
    return format_value(row.medians[column], row.unit) if column in row.medians else "n/a"


def _ratio_cell(row: Row, column: str) -> str:
    if column not in row.medians:
        return "n/a"
    value = row.ratio(column)
    return "-" if value is None else f"{value:.2f}"


def _aligned(lines: list[list[str]], right: range) -> list[str]:
    """Columns padded to a common width: those in ``right`` to the right, the others to the left."""
    widths = [max(len(line[column]) for line in lines) for column in range(len(lines[0]))]
    return [
        "  ".join(
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    ]


def table(rows: Sequence[Row], verdicts: Sequence[Verdict], columns: Sequence[str]) -> list[str]:
    """The medians (one column per implementation), the reference's ratio to each, then the targets."""
    others = [column for column in columns if column != REFERENCE]
    medians: list[list[str]] = [["group", "case", *columns]]
    medians += [[row.group, row.case, *(_cell(row, column) for column in columns)] for row in rows]
    ratios: list[list[str]] = [["group", "case", *(ratio_name(column) for column in others)]]
    ratios += [[row.group, row.case, *(_ratio_cell(row, column) for column in others)] for row in rows]
    targets: list[list[str]] = [["target", "worst", "verdict", "worst case"]]
    for verdict in verdicts:
        worst = "n/a" if verdict.worst is None else f"{verdict.worst:.2f}"
        verdict_text = "met" if verdict.met else "missed"
        targets.append([verdict.target.describe(), worst, verdict_text, verdict.worst_case or "n/a"])
    return [
        *_aligned(medians, right=range(2, len(columns) + 2)),
        "",
        "the reference's median over each column's (below 1: the reference is faster or smaller; msg/s: above 1)",
        *_aligned(ratios, right=range(2, len(others) + 2)),
        "",
        *_aligned(targets, right=range(1, 2)),
    ]
