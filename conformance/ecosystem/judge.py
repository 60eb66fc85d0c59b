"""Running each tier on a framework through the ``conformance`` command line, and keeping what it found.

Each run is its own process, as a user's would be, writing its JSON report; what the ecosystem
report needs of it (each clause's outcome, a one-line reason for each clause that did not
pass, each feature's verdict) is kept in a :class:`TierResult`. A run that writes no report, or
exits with a code that means bad input, raises :class:`TierError`: nothing it did is shown as
judged.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal, cast

from conformance.config import ENV_VAR
from conformance.report import JSONReport

__all__ = ["TIERS", "Tier", "TierError", "TierResult", "one_line", "run_tier"]

Tier = Literal["runtime", "static", "live"]
"""A tier of the suite."""

TIERS: Final[dict[Tier, tuple[str, ...]]] = {
    "runtime": (),
    "static": ("--static", "--checker", "all"),
    "live": ("--live",),
}
"""Each tier, with the command-line options that run it on every backend, checker or server."""

_RUN_TIMEOUT: Final = 900.0
_REASON_LENGTH: Final = 140
_TEST_ID: Final = re.compile(r" \[[^\[\]]*(?:\[[^\]]*\])?[^\[\]]*\]$")
_ADDRESS: Final = re.compile(r"0x[0-9a-fA-F]{6,}")


class TierError(RuntimeError):
    """A tier's run that judged nothing: it wrote no report, or refused its input."""


@dataclass
class TierResult:
    """What one tier found on one framework."""

    exit_code: int
    outcomes: dict[str, str]
    """Each clause's outcome, by ID, in SPEC.md's order."""
    reasons: dict[str, str] = field(default_factory=dict[str, str])
    """A line for each clause that did not pass: its first failure, or what blocked it."""

    def as_json(self) -> dict[str, object]:
        """The result as ``ecosystem/results.json`` keeps it."""
        return {"exit_code": self.exit_code, "outcomes": self.outcomes, "reasons": self.reasons}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> TierResult:
        """A result read back from ``ecosystem/results.json``."""
        return cls(
            exit_code=cast("int", data["exit_code"]),
            outcomes=cast("dict[str, str]", data["outcomes"]),
            reasons=cast("dict[str, str]", data["reasons"]),
        )

    def counts(self) -> dict[str, int]:
        """How many clauses have each outcome, most common first."""
        return dict(Counter(self.outcomes.values()).most_common())


def one_line(detail: str) -> str:
    """A failure's first line, without the test that showed it, and short enough for a table cell.

    Object addresses are masked, so that the same failure reads the same on every run.
    """
    line = detail.strip().splitlines()[0] if detail.strip() else ""
    line = _ADDRESS.sub("0x…", _TEST_ID.sub("", line))
    return line if len(line) <= _REASON_LENGTH else line[: _REASON_LENGTH - 1].rstrip() + "…"


def _condense(report: JSONReport, exit_code: int) -> TierResult:
    result = TierResult(exit_code, {})
    for clause in report["clauses"]:
        result.outcomes[clause["id"]] = clause["outcome"]
        if clause["outcome"] == "blocked":
            result.reasons[clause["id"]] = "blocked by " + ", ".join(clause["blocked_by"])
        elif clause["outcome"] not in ("passed", "absent"):
            result.reasons[clause["id"]] = one_line(clause["detail"])
    return result


def run_tier(binding: str, tier: Tier, announce: Callable[[str], None]) -> TierResult:
    """Run ``tier`` on ``binding`` in a child process; what it found.

    Raises :class:`TierError` when the run wrote no report or refused its input (exit 2).
    """
    with tempfile.TemporaryDirectory(prefix="wsproto-ecosystem-") as scratch:
        report_path = Path(scratch) / "report.json"
        command = [sys.executable, "-m", "conformance", binding, *TIERS[tier], "--json", str(report_path)]
        environment = {k: v for k, v in os.environ.items() if k != ENV_VAR}
        started = time.monotonic()
        try:
            run = subprocess.run(
                command, cwd=scratch, env=environment, capture_output=True, text=True, timeout=_RUN_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise TierError(f"{binding}: the {tier} tier did not finish in {_RUN_TIMEOUT:g} s") from None
        said = (run.stderr.strip() or run.stdout.strip()).splitlines()[-3:]
        if run.returncode == 2 or not report_path.is_file():
            raise TierError(f"{binding}: the {tier} tier judged nothing (exit {run.returncode}): " + " / ".join(said))
        report = cast("JSONReport", json.loads(report_path.read_text(encoding="utf-8")))
        if not report["clauses"]:
            raise TierError(f"{binding}: the {tier} tier's report has no clauses (exit {run.returncode})")
    result = _condense(report, run.returncode)
    counts = ", ".join(f"{n} {outcome}" for outcome, n in result.counts().items())
    announce(f"{tier}: {counts} ({time.monotonic() - started:.0f} s)")
    return result
