"""SPEC.md's own shape: numbered clauses with sources, features and floors, generated tables, a version."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conformance.spec import SPEC_PATH, main, parse_spec

SPEC = parse_spec()


def test_clause_ids_and_retired_ids_number_each_family_without_gaps() -> None:
    numbers: dict[str, list[int]] = {}
    for clause_id in [*SPEC.clauses, *SPEC.retired]:
        family, _, number = clause_id.rpartition("-")
        numbers.setdefault(family, []).append(int(number))
    gaps = {family: sorted(ns) for family, ns in numbers.items() if sorted(ns) != list(range(1, len(ns) + 1))}
    assert gaps == {}
    assert not set(SPEC.clauses) & set(SPEC.retired)


def test_each_retired_clause_names_what_replaced_it() -> None:
    for clause_id, text in SPEC.retired.items():
        named = re.findall(r"\b[A-Z]+-\d+\b", text)
        assert set(named) & set(SPEC.clauses), f"{clause_id} names no clause that replaced it"
        assert set(named) <= set(SPEC.clauses) | set(SPEC.retired), f"{clause_id}: {text}"


@pytest.mark.parametrize("clause_id", list(SPEC.clauses))
def test_clause_names_its_source(clause_id: str) -> None:
    assert re.search(r"\*Source: [^*]+\.\*", SPEC.clauses[clause_id].text)


@pytest.mark.parametrize("clause_id", [cid for cid, c in SPEC.clauses.items() if c.level == "SHOULD"])
def test_should_clause_names_a_must_floor_or_why_it_has_none(clause_id: str) -> None:
    clause = SPEC.clauses[clause_id]
    assert clause.floor, f"{clause_id} names no floor"
    if clause.floor.startswith("none"):
        assert len(clause.floor) > len("none: ") + 20, f"{clause_id} says no floor without saying why"
    elif clause_id not in ("ERR-1", "ERR-2"):  # their floor is each refusal's own clause
        assert clause.floors, f"{clause_id}: {clause.floor!r}"
    for floor in clause.floors:
        assert SPEC.clauses[floor].level == "MUST", f"{clause_id}'s floor {floor} is not a MUST"


def test_every_feature_has_clauses_and_every_clause_a_known_feature() -> None:
    assert {c.feature for c in SPEC.clauses.values()} - {None} == set(SPEC.features)
    for name, feature in SPEC.features.items():
        assert feature.why, name
        assert feature.members or name == "hardening", f"{name} has no members to detect it by"


def test_generated_departures_table_and_deviations_file_are_up_to_date() -> None:
    assert main(["--check"]) == 0, "run python -m conformance.spec --write"


def test_departing_clauses_are_those_with_a_starlette_part() -> None:
    departing = {cid for cid, c in SPEC.clauses.items() if "*Starlette 1.10:" in c.text}
    assert set(SPEC.departures) == departing
    for clause_id in departing:
        departure = SPEC.clauses[clause_id].departure
        assert departure is not None
        assert departure.does
        assert departure.why


def test_spec_version_matches_the_package() -> None:
    import wsproto_api

    assert SPEC.version == wsproto_api.SPEC_VERSION


def test_parser_refuses_a_repeated_clause(tmp_path: Path) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8").replace("- **URL-2** (MUST)", "- **URL-1** (MUST)")
    (tmp_path / "SPEC.md").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="URL-1 twice"):
        parse_spec(tmp_path / "SPEC.md")


def test_parser_refuses_an_unknown_feature(tmp_path: Path) -> None:
    text = SPEC_PATH.read_text(encoding="utf-8").replace("- **RAW-1** (MUST, raw)", "- **RAW-1** (MUST, rawr)")
    (tmp_path / "SPEC.md").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="'rawr'"):
        parse_spec(tmp_path / "SPEC.md")


def test_each_member_s_defining_clause_names_it() -> None:
    from conformance.features import DEFINING_CLAUSE

    for member, clause_id in DEFINING_CLAUSE.items():
        assert member in SPEC.clauses[clause_id].names, f"{clause_id} does not name {member}"
