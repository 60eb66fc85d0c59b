"""SPEC.md and the tests stay in step: every clause is tested, every cited clause exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conformance.spec import SPEC_PATH, parse_spec

TESTS = Path(__file__).resolve().parent
SPEC = parse_spec()


def _cited_clauses(source: str) -> set[str]:
    """The string arguments of every ``clause(...)`` mark in a test module."""
    cited: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "clause"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "mark"
        ):
            for arg in node.args:
                assert isinstance(arg, ast.Constant), f"clause IDs must be literal strings: {ast.unparse(node)}"
                assert isinstance(arg.value, str), f"clause IDs must be literal strings: {ast.unparse(node)}"
                cited.add(arg.value)
    return cited


def _citations() -> dict[str, set[str]]:
    return {path.name: _cited_clauses(path.read_text(encoding="utf-8")) for path in sorted(TESTS.glob("test_*.py"))}


def test_every_clause_is_cited_by_a_test() -> None:
    cited = set().union(*_citations().values())
    untested = [clause_id for clause_id in SPEC.clauses if clause_id not in cited]
    assert untested == [], f"SPEC.md clauses no test cites: {untested}"


def test_every_cited_clause_exists() -> None:
    unknown = {
        name: sorted(ids - SPEC.clauses.keys()) for name, ids in _citations().items() if ids - SPEC.clauses.keys()
    }
    assert unknown == {}, f"tests cite clauses SPEC.md does not define: {unknown}"


def test_citation_scanner_sees_marks() -> None:
    source = (
        '@pytest.mark.clause("URL-1", "HDR-2")\ndef test_x() -> None: ...\npytestmark = pytest.mark.clause("QP-1")\n'
    )
    assert _cited_clauses(source) == {"URL-1", "HDR-2", "QP-1"}


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
