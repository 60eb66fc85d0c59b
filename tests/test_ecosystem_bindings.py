"""The bindings of other frameworks that the package ships: each loads, and a whole run judges every clause.

Their verdicts are the frameworks' own; what is checked here is that the suite judges code it
was not written against to the end, with a complete report, whatever each framework does.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.binding import load_binding
from conformance.spec import parse_spec
from tests.processes import run_module

ROOT = Path(__file__).resolve().parent.parent
SPEC = parse_spec()
BINDINGS = sorted(path.stem for path in (ROOT / "conformance" / "bindings").glob("*.py") if path.stem != "__init__")


def test_every_framework_of_the_ecosystem_extra_has_a_binding() -> None:
    assert BINDINGS == ["baize", "blacksheep", "lilya", "litestar"]


@pytest.mark.parametrize("name", BINDINGS)
def test_a_whole_run_judges_every_clause(name: str, tmp_path: Path) -> None:
    binding = f"conformance.bindings.{name}"
    load_binding(binding)
    report_path = tmp_path / "report.json"
    result = run_module("conformance", binding, "--json", str(report_path), cwd=tmp_path)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert result.returncode in (0, 1), result.stdout[-2000:] + result.stderr
    assert report["verdict"]["complete"] is True, report["verdict"]
    assert report["verdict"]["exit_code"] == result.returncode
    assert [c["id"] for c in report["clauses"]] == list(SPEC.runtime_clauses)
    assert "not-judged" not in {c["outcome"] for c in report["clauses"]}
    assert report["members"] is not None
    assert result.stdout.splitlines()[1].startswith("  members: ")
