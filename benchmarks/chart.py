"""The ratio chart: the reference's median over every other column's, one cell per case and column.

A grid reads better than bars with eight implementations: a row per case, a column per
implementation the reference is compared with (the raw floor first), each cell coloured by
how far the ratio is from 1 (green: the reference is ahead, red: behind) and outlined where
it misses a target. matplotlib is imported only here, and only when a chart is asked for,
so the benchmark runs without it otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from benchmarks.results import REFERENCE, Row, Target

__all__ = ["write_chart"]

_LIMIT = 2.0
"""The colour scale's ends, in powers of two: ratios beyond 1/4 and 4 take the end colours."""


def _goodness(row: Row, ratio: float) -> float:
    """log2 of how much better the reference is: positive when ahead (for msg/s, higher is better)."""
    ahead = 1 / ratio if row.unit == "msg/s" else ratio
    return max(-_LIMIT, min(_LIMIT, -math.log2(ahead)))


def write_chart(path: Path, rows: Sequence[Row], targets: Sequence[Target], columns: Sequence[str], title: str) -> None:
    """Draw the reference's ratio to each column of every row as a grid into a PNG at ``path``."""
    try:
        import matplotlib
    except ImportError:
        raise SystemExit("--chart needs matplotlib: pip install matplotlib") from None
    # Agg draws to files only, so no display is needed.
    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.patches import Rectangle

    others = [column for column in columns if column != REFERENCE]
    grid: list[list[float]] = []
    for row in rows:
        line: list[float] = []
        for column in others:
            value = row.ratio(column)
            line.append(math.nan if value is None else _goodness(row, value))
        grid.append(line)
    figure, axes = pyplot.subplots(figsize=(1.1 * len(others) + 5.5, 0.42 * len(rows) + 2.2))
    colours = matplotlib.colormaps["RdYlGn"].with_extremes(bad="#dddddd")
    # matplotlib leaves the **kwargs of these Axes methods unannotated, hence the ignores below.
    axes.imshow(grid, cmap=colours, vmin=-_LIMIT, vmax=_LIMIT, aspect="auto")  # pyright: ignore[reportUnknownMemberType]
    for y, row in enumerate(rows):
        for x, column in enumerate(others):
            value = row.ratio(column)
            text = ("n/a" if column not in row.medians else "-") if value is None else f"{value:.2f}"
            axes.text(x, y, text, ha="center", va="center", fontsize=8)  # pyright: ignore[reportUnknownMemberType]
            if value is None:
                continue
            missed = any(
                target.applies_to(row) and column in target.columns(row) and not target.met_by(value)
                for target in targets
            )
            if missed:
                axes.add_patch(Rectangle((x - 0.5, y - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=1.6))
    x_labels = [f"ref/{column}" for column in others]
    axes.set_xticks(range(len(others)), x_labels, rotation=30, ha="left")  # pyright: ignore[reportUnknownMemberType]
    axes.set_yticks(range(len(rows)), [f"{row.group}: {row.case}" for row in rows])  # pyright: ignore[reportUnknownMemberType]
    axes.tick_params(top=True, labeltop=True, bottom=False, labelbottom=False)  # pyright: ignore[reportUnknownMemberType]
    legend = (
        "the reference's median over each column's; green: the reference ahead, red: behind "
        "(msg/s: higher is ahead)\noutlined: a target missed; grey: no figure (- lacks the method, n/a not measured)"
    )
    # matplotlib leaves the **kwargs of suptitle and savefig unannotated.
    figure.suptitle(f"{title}\n{legend}", fontsize=9)  # pyright: ignore[reportUnknownMemberType]
    figure.tight_layout()
    figure.savefig(path, dpi=110)  # pyright: ignore[reportUnknownMemberType]
    pyplot.close(figure)
