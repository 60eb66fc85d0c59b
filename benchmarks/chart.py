"""The ratio chart: the reference over Starlette and over the raw floor, one bar per case.

matplotlib is imported only here, and only when a chart is asked for, so the benchmark runs
without it otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.results import Ratio, Row, Target

__all__ = ["write_chart"]


def write_chart(path: Path, rows: Sequence[Row], targets: Sequence[Target], title: str) -> None:
    """Draw both ratios of every row as horizontal bars, with each target's bound, into a PNG at ``path``."""
    try:
        import matplotlib
    except ImportError:
        raise SystemExit("--chart needs matplotlib: pip install matplotlib") from None
    # Agg draws to files only, so no display is needed.
    matplotlib.use("Agg")
    from matplotlib import pyplot, ticker

    labels = [f"{row.group}: {row.case}" for row in rows]
    positions = list(range(len(rows)))[::-1]
    ratios: tuple[Ratio, Ratio] = ("ref/starlette", "ref/raw")
    figure, axes = pyplot.subplots(1, 2, figsize=(13, 0.42 * len(rows) + 1.6), sharey=True)
    for axis, ratio in zip(axes, ratios, strict=True):
        values = [row.ratio(ratio) for row in rows]
        drawn = [(position, value) for position, value in zip(positions, values, strict=True) if value is not None]
        colours: list[str] = []
        for row, value in zip(rows, values, strict=True):
            if value is None:
                continue
            bounds = [target for target in targets if target.ratio == ratio and target.applies_to(row)]
            met = all(value <= target.bound if target.at_most else value >= target.bound for target in bounds)
            colours.append("#4c72b0" if not bounds else "#55a868" if met else "#c44e52")
        axis.barh([position for position, _ in drawn], [value for _, value in drawn], color=colours)
        for position, value in drawn:
            axis.annotate(f"{value:.2f}", (value, position), xytext=(3, 0), textcoords="offset points", va="center")
        for target in targets:
            if target.ratio != ratio:
                continue
            covered = [position for position, row in zip(positions, rows, strict=True) if target.applies_to(row)]
            if covered:
                axis.vlines(target.bound, min(covered) - 0.45, max(covered) + 0.45, colors="black", linestyles="dashed")
        axis.axvline(1.0, color="grey", linewidth=0.8)
        axis.set_xscale("log")
        # Round ratios as ticks: a log axis would otherwise label only the powers of ten.
        axis.xaxis.set_major_locator(ticker.FixedLocator([0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10, 20]))
        axis.xaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        axis.xaxis.set_minor_formatter(ticker.NullFormatter())
        axis.set_title(f"{ratio} (lower is faster; end to end msg/s: higher)")
        axis.grid(axis="x", which="both", alpha=0.3)
    axes[0].set_yticks(positions, labels)
    legend = "green: target met, red: missed (dashed: the bound), blue: no target"
    # matplotlib leaves the **kwargs of suptitle and savefig unannotated.
    figure.suptitle(f"{title}\n{legend}")  # pyright: ignore[reportUnknownMemberType]
    figure.tight_layout()
    figure.savefig(path, dpi=110)  # pyright: ignore[reportUnknownMemberType]
    pyplot.close(figure)
