"""SPEC.md as data: its clauses, their levels and features, and the departures from Starlette 1.10.

The suite reads its clause levels and features from here, and the project's tests check
SPEC.md's shape through it, so the document and the checks made against it cannot drift
apart silently. SPEC.md ships inside this package, so an installed suite reads the same text.

``python -m conformance.spec --write`` rewrites SPEC.md's departures table, the README's and
Starlette's deviations file from the clauses' *Starlette 1.10:* parts, their one source;
``--check`` exits 1 when either differs from what the clauses say.
"""

from __future__ import annotations

import argparse
import functools
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

__all__ = [
    "HARDENING",
    "LIVE_FAMILY",
    "STATIC_FAMILY",
    "Clause",
    "Departure",
    "Feature",
    "Level",
    "Spec",
    "between_markers",
    "current_spec",
    "departures_table",
    "deviations_file",
    "family_of",
    "parse_spec",
]

Level = Literal["MUST", "SHOULD", "MAY"]
"""How binding a clause is."""

SPEC_PATH: Final = Path(__file__).with_name("SPEC.md")
"""SPEC.md, as shipped with this package."""

STARLETTE_DEVIATIONS: Final = Path(__file__).with_name("deviations") / "starlette-1.10.txt"
"""Starlette 1.10's deviations file, generated from the clauses' departures."""

README_PATH: Final = Path(__file__).resolve().parent.parent / "README.md"
"""The project's README, whose table of Starlette's departures is generated too."""

STATIC_FAMILY: Final = "TYPE"
"""The family a type checker judges (``--static``); a normal run judges every other family."""

LIVE_FAMILY: Final = "LIVE"
"""The family judged against real servers (``--live``); a normal run leaves it out too."""

HARDENING: Final = "hardening"
"""The feature without members: robustness clauses, judged on every binding."""

_CLAUSE: Final = re.compile(
    r"^- \*\*(?P<id>[A-Z]+-\d+)\*\* \((?P<level>MUST|SHOULD|MAY)(?:, (?P<feature>[a-z-]+))?\) (?P<text>.+)$", re.M
)
_VERSION: Final = re.compile(r"^Spec version: \*\*(?P<version>[^*]+)\*\*$", re.M)
_FLOOR: Final = re.compile(r"\*Floor: (?P<floor>[^*]+)\*")
_STARLETTE: Final = re.compile(r"\*Starlette 1\.10: (?P<does>.+?) Why: (?P<why>[^*]+)\*")
_RETIRED: Final = re.compile(r"^- \*\*(?P<id>[A-Z]+-\d+)\*\* retired: (?P<text>.+)$", re.M)
_FEATURE_ROW: Final = re.compile(
    r"^\| (?P<name>[a-z-]+) \| (?P<members>[^|]+) \| (?P<seed>yes|no) \| (?P<why>[^|]+) \|$", re.M
)
_MEMBER: Final = re.compile(r"`([A-Za-z_][\w.]*)`")
_CLAUSE_ID: Final = re.compile(r"\b[A-Z]+-\d+\b")
_CODE: Final = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)")
"""A Markdown code span: a run of backticks, then anything up to a run as long (so ``a`b`` is one span)."""
_IDENTIFIER: Final = re.compile(r"[A-Za-z_]\w*")
_DEPARTURES_HEADING: Final = "## Departures from Starlette 1.10"
_TABLE_BEGIN: Final = "<!-- departures:begin -->"
_TABLE_END: Final = "<!-- departures:end -->"
_LEVELS: Final[dict[str, Level]] = {"MUST": "MUST", "SHOULD": "SHOULD", "MAY": "MAY"}


def family_of(clause_id: str) -> str:
    """The family of a clause ID: ``URL`` for ``URL-3``."""
    return clause_id.rpartition("-")[0]


@dataclass(frozen=True)
class Departure:
    """What Starlette 1.10 does where a clause asks for something else, and why the clause does."""

    does: str
    why: str


@dataclass(frozen=True)
class Clause:
    """One numbered rule of SPEC.md."""

    id: str
    """The clause ID, ``FAMILY-N``."""

    level: Level
    """MUST, SHOULD or MAY."""

    text: str
    """The rule and its parts (floor, source, departure), as written."""

    feature: str | None = None
    """The feature the clause belongs to; ``None`` for the core."""

    floor: str = ""
    """A SHOULD clause's floor as written: clause IDs, or ``none: why``."""

    departure: Departure | None = None
    """What Starlette 1.10 does instead, when the clause departs from it."""

    @property
    def family(self) -> str:
        """The family the clause belongs to, such as ``URL``."""
        return family_of(self.id)

    @property
    def rule(self) -> str:
        """The rule alone, without its floor, source and departure parts."""
        return self.text.split(" *", 1)[0]

    @property
    def names(self) -> frozenset[str]:
        """The identifiers the rule writes as code (``receive_text``, ``url``, ``getlist``): the members it names."""
        return frozenset(word for _, code in _CODE.findall(self.rule) for word in _IDENTIFIER.findall(code))

    @property
    def floors(self) -> tuple[str, ...]:
        """The MUST clauses a SHOULD clause refines, as its floor names them."""
        return tuple(_CLAUSE_ID.findall(self.floor))


@dataclass(frozen=True)
class Feature:
    """A named set of clauses, present in a binding that has any of its members."""

    name: str
    members: tuple[str, ...]
    """``x`` for an attribute of the connection, ``url.x`` of its URL (also ``headers.``,
    ``query_params.``), a capitalised name for one the binding module exports; none for
    a feature judged on every binding."""

    in_seed: bool
    """Whether the seed documents it, so that conforming to the seed's API requires it."""

    why: str
    """Why it is a feature and not part of the core."""


@dataclass(frozen=True)
class Spec:
    """The parsed specification."""

    version: str
    """The spec version."""

    clauses: dict[str, Clause]
    """Every clause by ID, in document order."""

    features: dict[str, Feature]
    """Every feature by name, in the order of SPEC.md's table."""

    retired: dict[str, str]
    """Each retired clause ID, with what replaced it."""

    @property
    def departures(self) -> dict[str, Level]:
        """The clauses that depart from Starlette 1.10, with their levels."""
        return {cid: c.level for cid, c in self.clauses.items() if c.departure is not None}

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

    def feature_clauses(self, feature: str) -> list[str]:
        """The IDs of the clauses of ``feature``, in document order."""
        return [cid for cid, c in self.clauses.items() if c.feature == feature]

    @property
    def feature_map(self) -> dict[str, list[str]]:
        """Each feature's clause IDs, by feature name (for a deviations file that names a feature)."""
        return {name: self.feature_clauses(name) for name in self.features}


def _features(text: str) -> dict[str, Feature]:
    features: dict[str, Feature] = {}
    for row in _FEATURE_ROW.finditer(text):
        members = tuple(_MEMBER.findall(row["members"]))
        features[row["name"]] = Feature(row["name"], members, row["seed"] == "yes", row["why"].strip())
    return features


def parse_spec(path: Path = SPEC_PATH) -> Spec:
    """Read SPEC.md, refusing a document whose clause IDs repeat or name an unknown feature."""
    text = path.read_text(encoding="utf-8")
    version = _VERSION.search(text)
    if version is None:
        raise ValueError(f"{path.name} has no 'Spec version: **X**' line")
    body, _, tail = text.partition(_DEPARTURES_HEADING)
    features = _features(body)
    clauses: dict[str, Clause] = {}
    for match in _CLAUSE.finditer(body):
        clause_id = match["id"]
        if clause_id in clauses:
            raise ValueError(f"{path.name} defines clause {clause_id} twice")
        feature = match["feature"]
        if feature is not None and feature not in features:
            raise ValueError(f"{path.name}: clause {clause_id} names feature {feature!r}, which its table lacks")
        clause_text = match["text"]
        floor = _FLOOR.search(clause_text)
        departs = _STARLETTE.search(clause_text)
        clauses[clause_id] = Clause(
            clause_id,
            _LEVELS[match["level"]],
            clause_text,
            feature,
            floor["floor"].strip().rstrip(".") if floor else "",
            Departure(departs["does"].strip().rstrip("."), departs["why"].strip().rstrip(".")) if departs else None,
        )
    retired = {m["id"]: m["text"] for m in _RETIRED.finditer(tail)}
    return Spec(version["version"], clauses, features, retired)


@functools.cache
def current_spec() -> Spec:
    """SPEC.md as shipped, parsed once per process."""
    return parse_spec()


# -- generated text ------------------------------------------------------------------------------


def departures_table(spec: Spec) -> str:
    """SPEC.md's departures table, one row per departing clause, from the clauses' own parts."""
    rows = ["| clause | level | Starlette 1.10 does | why this spec differs |", "| --- | --- | --- | --- |"]
    ordered = sorted(
        (c for c in spec.clauses.values() if c.departure is not None), key=lambda c: c.family == STATIC_FAMILY
    )
    for clause in ordered:
        assert clause.departure is not None
        rows.append(f"| {clause.id} | {clause.level} | {clause.departure.does} | {clause.departure.why} |")
    return "\n".join(rows)


def deviations_file(spec: Spec) -> str:
    """Starlette 1.10's deviations file: every departing clause, with its level."""
    lines = [
        "# Starlette 1.10 (starlette.websockets) against SPEC.md: the clauses it knowingly fails,",
        "# which are SPEC.md's departures from Starlette 1.10 (that section gives each reason).",
        "# Generated from SPEC.md by `python -m conformance.spec --write`; do not edit.",
        "",
    ]
    width = max(len(cid) for cid in spec.departures)
    for cid, level in spec.departures.items():
        tier = " (static)" if family_of(cid) == STATIC_FAMILY else ""
        lines.append(f"{cid.ljust(width)} # {level}{tier}")
    return "\n".join(lines) + "\n"


def readme_table(spec: Spec) -> str:
    """The README's table of what Starlette 1.10 misses: the departures, without the reasons."""
    rows = ["| clause | level | Starlette 1.10 |", "| --- | --- | --- |"]
    for line in departures_table(spec).splitlines()[2:]:
        clause_id, level, does, _ = line.strip("| ").split(" | ")
        rows.append(f"| {clause_id} | {level} | {does} |")
    return "\n".join(rows)


def between_markers(document: str, begin: str, end: str, text: str) -> str:
    """``document`` with ``text`` in place of what stands between its ``begin`` and ``end`` marker lines."""
    head, found_begin, rest = document.partition(begin)
    _, found_end, tail = rest.partition(end)
    if not found_begin or not found_end:
        raise ValueError(f"the document lacks the {begin} and {end} markers")
    return f"{head}{begin}\n{text}\n{end}{tail}"


def with_departures_table(document: str, table: str) -> str:
    """``document`` (SPEC.md's or the README's text) with the generated table between its markers."""
    return between_markers(document, _TABLE_BEGIN, _TABLE_END, table)


def main(argv: Sequence[str] | None = None) -> int:
    """Write or check SPEC.md's departures table and Starlette's deviations file."""
    parser = argparse.ArgumentParser(prog="python -m conformance.spec", description=__doc__)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the generated text")
    action.add_argument("--check", action="store_true", help="exit 1 when the generated text is out of date")
    options = parser.parse_args(argv)
    spec = parse_spec()
    document = SPEC_PATH.read_text(encoding="utf-8")
    wanted = {
        SPEC_PATH: with_departures_table(document, departures_table(spec)),
        STARLETTE_DEVIATIONS: deviations_file(spec),
    }
    if README_PATH.is_file():  # a source checkout; an installed package has no README
        wanted[README_PATH] = with_departures_table(README_PATH.read_text(encoding="utf-8"), readme_table(spec))
    stale = [path for path, text in wanted.items() if path.read_text(encoding="utf-8") != text]
    if options.write:
        for path in stale:
            path.write_text(wanted[path], encoding="utf-8")
        return 0
    for path in stale:
        print(f"{path.name} is out of date: run python -m conformance.spec --write", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
