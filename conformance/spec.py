"""SPEC.md as data: its clauses, their levels, and the departures from Starlette 1.10.

The suite reads its clause levels from here, and the project's tests check SPEC.md's shape
through it, so the document and the checks made against it cannot drift apart silently.
SPEC.md ships inside this package, so an installed suite reads the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

__all__ = ["LIVE_FAMILY", "STATIC_FAMILY", "Clause", "Level", "Spec", "family_of", "parse_spec"]

Level = Literal["MUST", "SHOULD", "MAY"]
"""How binding a clause is."""

SPEC_PATH: Final = Path(__file__).with_name("SPEC.md")
"""SPEC.md, as shipped with this package."""

STATIC_FAMILY: Final = "TYPE"
"""The family a type checker judges (``--static``); a normal run judges every other family."""

LIVE_FAMILY: Final = "LIVE"
"""The family judged against real servers (``--live``); a normal run leaves it out too."""

_CLAUSE: Final = re.compile(r"^- \*\*(?P<id>[A-Z]+-\d+)\*\* \((?P<level>MUST|SHOULD|MAY)\) (?P<text>.+)$", re.M)
_VERSION: Final = re.compile(r"^Spec version: \*\*(?P<version>[^*]+)\*\*$", re.M)
_DEPARTURE_ROW: Final = re.compile(r"^\| (?P<id>[A-Z]+-\d+) \| (?P<level>MUST|SHOULD|MAY) \|", re.M)
_DEPARTURES_HEADING: Final = "## Departures from Starlette 1.10"
_LEVELS: Final[dict[str, Level]] = {"MUST": "MUST", "SHOULD": "SHOULD", "MAY": "MAY"}


def family_of(clause_id: str) -> str:
    """The family of a clause ID: ``URL`` for ``URL-3``."""
    return clause_id.rpartition("-")[0]


@dataclass(frozen=True)
class Clause:
    """One numbered rule of SPEC.md."""

    id: str
    """The clause ID, ``FAMILY-N``."""

    level: Level
    """MUST, SHOULD or MAY."""

    text: str
    """The rule and its source, as written."""

    @property
    def family(self) -> str:
        """The family the clause belongs to, such as ``URL``."""
        return family_of(self.id)


@dataclass(frozen=True)
class Spec:
    """The parsed specification."""

    version: str
    """The spec version."""

    clauses: dict[str, Clause]
    """Every clause by ID, in document order."""

    departures: dict[str, Level]
    """The clauses listed as departures from Starlette 1.10, with the level the table gives."""

    @property
    def runtime_clauses(self) -> dict[str, Clause]:
        """The clauses a normal run judges by running the binding: all but the static and live families."""
        return {cid: c for cid, c in self.clauses.items() if c.family not in (STATIC_FAMILY, LIVE_FAMILY)}

    @property
    def static_clauses(self) -> dict[str, Clause]:
        """The clauses a type checker judges (``--static``)."""
        return {cid: c for cid, c in self.clauses.items() if c.family == STATIC_FAMILY}

    @property
    def live_clauses(self) -> dict[str, Clause]:
        """The clauses judged against real ASGI servers (``--live``)."""
        return {cid: c for cid, c in self.clauses.items() if c.family == LIVE_FAMILY}


def parse_spec(path: Path = SPEC_PATH) -> Spec:
    """Read SPEC.md, refusing a document whose clause IDs repeat or whose version is missing."""
    text = path.read_text(encoding="utf-8")
    version = _VERSION.search(text)
    if version is None:
        raise ValueError(f"{path.name} has no 'Spec version: **X**' line")
    clauses: dict[str, Clause] = {}
    body, _, departures_text = text.partition(_DEPARTURES_HEADING)
    for match in _CLAUSE.finditer(body):
        clause_id = match["id"]
        if clause_id in clauses:
            raise ValueError(f"{path.name} defines clause {clause_id} twice")
        clauses[clause_id] = Clause(clause_id, _LEVELS[match["level"]], match["text"])
    departures: dict[str, Level] = {}
    for row in _DEPARTURE_ROW.finditer(departures_text):
        departures[row["id"]] = _LEVELS[row["level"]]
    return Spec(version["version"], clauses, departures)
