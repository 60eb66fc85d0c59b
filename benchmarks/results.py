"""The overhead benchmark's results: rows of medians, their ratios, the targets and the table.

Each row holds one median per column: ``raw`` (the same work written with bare ASGI calls,
or the scope itself for memory), ``reference`` and ``starlette``. The ratios are the
reference's figure over Starlette's and over the raw floor's. A target bounds one of those
ratios for every row of a group, or for one named case of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from benchmarks.common import duration

__all__ = ["COLUMNS", "HEADER", "TARGETS", "Row", "Target", "Verdict", "format_value", "judge", "table"]

COLUMNS: Final = ("raw", "reference", "starlette")
"""The three implementations every row is measured on, in the table's order."""

Unit = Literal["s", "B", "msg/s"]
"""Seconds per operation, bytes per object, or messages per second."""

Ratio = Literal["ref/starlette", "ref/raw"]


@dataclass(frozen=True)
class Row:
    """One case: its median on each column (``None`` where a column has no such figure)."""

    group: str
    case: str
    unit: Unit
    medians: dict[str, float | None]

    def ratio(self, ratio: Ratio) -> float | None:
        """The reference's median over Starlette's or over the raw floor's, if both exist."""
        reference = self.medians.get("reference")
        other = self.medians.get("starlette" if ratio == "ref/starlette" else "raw")
        if reference is None or other is None or other == 0:
            return None
        return reference / other


@dataclass(frozen=True)
class Target:
    """A bound on one ratio, for every row of ``group`` or only for its row ``case``."""

    group: str
    ratio: Ratio
    bound: float
    at_most: bool
    """``True``: the ratio must be at most ``bound``; ``False``: at least."""
    case: str | None = None

    def describe(self) -> str:
        """For example ``per message: ref/starlette <= 0.4``."""
        scope = self.group if self.case is None else f"{self.group}, {self.case}"
        return f"{scope}: {self.ratio} {'<=' if self.at_most else '>='} {self.bound:g}"

    def applies_to(self, row: Row) -> bool:
        """Whether ``row`` is one this target bounds."""
        return row.group == self.group and (self.case is None or row.case == self.case)


TARGETS: Final = (
    Target("per message", "ref/starlette", 0.4, at_most=True),
    Target("per message", "ref/raw", 2.0, at_most=True),
    Target("per connection", "ref/starlette", 0.35, at_most=True, case="construct, url.path, header, query param"),
    Target("memory", "ref/starlette", 0.5, at_most=True),
    Target("end to end", "ref/raw", 0.97, at_most=False, case="messages per second"),
)
"""The targets, as ratios of medians measured on one machine."""


@dataclass(frozen=True)
class Verdict:
    """A target against the rows it bounds: the worst ratio among them and whether all meet it."""

    target: Target
    worst: float | None
    worst_case: str | None
    met: bool


def judge(target: Target, rows: Sequence[Row]) -> Verdict:
    """Whether every row ``target`` bounds meets it; a target with no measured row is missed."""
    ratios = [
        (ratio, row.case) for row in rows if target.applies_to(row) and (ratio := row.ratio(target.ratio)) is not None
    ]
    if not ratios:
        return Verdict(target, None, None, met=False)
    worst, worst_case = max(ratios) if target.at_most else min(ratios)
    met = worst <= target.bound if target.at_most else worst >= target.bound
    return Verdict(target, worst, worst_case, met)


def format_value(value: float | None, unit: Unit) -> str:
    """A median in its unit: ``1.23 us``, ``1,234 B``, ``12,345 msg/s``; ``n/a`` when absent."""
    if value is None:
        return "n/a"
    if unit == "s":
        return duration(value)
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:,.0f} msg/s"


def _ratio_text(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


HEADER: Final = ("group", "case", *COLUMNS, "ref/starlette", "ref/raw")
"""The table's column titles."""


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


def table(rows: Sequence[Row], verdicts: Sequence[Verdict]) -> list[str]:
    """The result table, one line per row, then one line per target with its verdict."""
    lines: list[list[str]] = [list(HEADER)]
    for row in rows:
        lines.append(
            [
                row.group,
                row.case,
                *(format_value(row.medians.get(column), row.unit) for column in COLUMNS),
                _ratio_text(row.ratio("ref/starlette")),
                _ratio_text(row.ratio("ref/raw")),
            ]
        )
    targets: list[list[str]] = [["target", "worst", "verdict", "worst case"]]
    for verdict in verdicts:
        targets.append(
            [
                verdict.target.describe(),
                _ratio_text(verdict.worst),
                "met" if verdict.met else "missed",
                verdict.worst_case or "n/a",
            ]
        )
    return [*_aligned(lines, right=range(2, len(HEADER))), "", *_aligned(targets, right=range(1, 2))]
