"""``ecosystem/results.json``: what the runs found, from which ECOSYSTEM.md and the README's table are written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from conformance.ecosystem.judge import Tier, TierResult

__all__ = ["FrameworkResult", "Results", "read_results", "results_json"]


@dataclass
class FrameworkResult:
    """What every tier found on one framework."""

    version: str
    tiers: dict[Tier, TierResult] = field(default_factory=dict[Tier, TierResult])
    reexports: dict[str, str] = field(default_factory=dict[str, str])
    """The installed frameworks that re-export its classes, each with its version."""


@dataclass
class Results:
    """What the runs found on every framework, and with which tools."""

    spec: str
    """SPEC.md's version."""
    tools: dict[str, str]
    """The type checkers of the static tier, each with its version."""
    servers: dict[str, str]
    """The servers of the live tier, each with the version of its package."""
    frameworks: dict[str, FrameworkResult] = field(default_factory=dict[str, FrameworkResult])


def results_json(results: Results) -> str:
    """The text of ``ecosystem/results.json``."""
    document = {
        "spec": results.spec,
        "tools": results.tools,
        "servers": results.servers,
        "frameworks": {
            name: {
                "version": framework.version,
                "reexports": framework.reexports,
                "tiers": {tier: result.as_json() for tier, result in framework.tiers.items()},
            }
            for name, framework in results.frameworks.items()
        },
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def read_results(path: Path) -> Results:
    """The results kept in ``path``."""
    document = cast("dict[str, object]", json.loads(path.read_text(encoding="utf-8")))
    frameworks = cast("dict[str, dict[str, object]]", document["frameworks"])
    return Results(
        spec=cast("str", document["spec"]),
        tools=cast("dict[str, str]", document["tools"]),
        servers=cast("dict[str, str]", document["servers"]),
        frameworks={
            name: FrameworkResult(
                version=cast("str", data["version"]),
                tiers={
                    cast("Tier", tier): TierResult.from_json(result)
                    for tier, result in cast("dict[str, dict[str, object]]", data["tiers"]).items()
                },
                reexports=cast("dict[str, str]", data["reexports"]),
            )
            for name, data in frameworks.items()
        },
    )
