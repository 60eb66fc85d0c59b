"""SPEC.md's own shape: numbered clauses with sources, a consistent departures table, a version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.spec import SPEC_PATH, parse_spec

SPEC = parse_spec()


def test_clause_ids_are_numbered_in_order_within_each_family() -> None:
    numbers: dict[str, list[int]] = {}
    for clause in SPEC.clauses.values():
        numbers.setdefault(clause.family, []).append(int(clause.id.rpartition("-")[2]))
    gaps = {family: ns for family, ns in numbers.items() if ns != list(range(1, len(ns) + 1))}
    assert gaps == {}


@pytest.mark.parametrize("clause_id", list(SPEC.clauses))
def test_clause_names_its_source(clause_id: str) -> None:
    assert re.search(r"\*Source: [^*]+\.\*$", SPEC.clauses[clause_id].text)


def test_departures_table_matches_the_clauses_that_depart() -> None:
    said_to_depart = {cid for cid, c in SPEC.clauses.items() if "departs from Starlette 1.10" in c.text}
    assert set(SPEC.departures) == said_to_depart
    assert {cid: SPEC.clauses[cid].level for cid in SPEC.departures} == SPEC.departures


def test_spec_version_matches_the_package() -> None:
    import wsproto_api

    assert SPEC.version == wsproto_api.SPEC_VERSION


def test_parser_refuses_a_repeated_clause(tmp_path: Path) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8").replace("- **URL-2** (MUST)", "- **URL-1** (MUST)")
    (tmp_path / "SPEC.md").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="URL-1 twice"):
        parse_spec(tmp_path / "SPEC.md")
