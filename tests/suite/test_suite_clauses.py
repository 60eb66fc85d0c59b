"""The suite and SPEC.md stay in step: one clause per test, every clause tested, each in its family's module."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from conformance.binding import load_binding
from conformance.config import EVERYWHERE_FAMILY, SUITE_DIR, RunConfig, suite_module, suite_paths
from conformance.plugin import SuitePlugin
from conformance.spec import parse_spec
from tests.suite.test_generated_shrinking import DiscardEvents

SPEC = parse_spec()
MODULES = sorted(SUITE_DIR.glob("test_*.py"))


def _is_clause_mark(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "clause"
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "mark"
    )


def _clause_ids(mark: ast.expr) -> list[str]:
    assert isinstance(mark, ast.Call)
    ids: list[str] = []
    for arg in mark.args:
        assert isinstance(arg, ast.Constant), f"clause IDs must be literal strings: {ast.unparse(mark)}"
        assert isinstance(arg.value, str), f"clause IDs must be literal strings: {ast.unparse(mark)}"
        ids.append(arg.value)
    return ids


def _is_refusal_mark(node: ast.expr) -> bool:
    """``@support.refusal("ID")``: the test judges ``ID``, and ERR-1 and ERR-2 through parameters."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "refusal"


REFUSAL_CLAUSES = ("ERR-1", "ERR-2")
"""The clauses every refusal test judges besides its own, in parameters of its own."""


def clauses_by_test(source: str) -> dict[str, list[str]]:
    """Each test function of a suite module, with the clause IDs its marks name (its refusal's own included)."""
    tests: dict[str, list[str]] = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            marks = node.decorator_list
            ids = [cid for mark in marks if _is_clause_mark(mark) for cid in _clause_ids(mark)]
            ids += [cid for mark in marks if _is_refusal_mark(mark) for cid in _clause_ids(mark)[:1]]
            tests[node.name] = ids
    return tests


def _refusal_tests() -> int:
    return sum(
        _is_refusal_mark(mark)
        for path in MODULES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        for mark in node.decorator_list
    )


def _module_family(path: Path) -> str:
    return path.stem.removeprefix("test_").upper()


def _suite() -> dict[Path, dict[str, list[str]]]:
    return {path: clauses_by_test(path.read_text(encoding="utf-8")) for path in MODULES}


def test_there_is_one_module_per_family() -> None:
    # ERR is judged by every family's refusal tests, so it has no module of its own.
    families = {clause.family for clause in SPEC.runtime_clauses.values()} - {EVERYWHERE_FAMILY}
    assert sorted(suite_module(family) for family in families) == MODULES
    assert all(_module_family(suite_module(family)) == family for family in families)


def test_a_run_of_some_families_collects_their_modules_or_the_whole_suite() -> None:
    assert suite_paths(["URL", "HDR", "URL"]) == [suite_module("HDR"), suite_module("URL")]
    assert suite_paths(["URL", EVERYWHERE_FAMILY]) == [SUITE_DIR]


def _collect(path: Path, clause_id: str) -> list[pytest.Item]:
    """Run the plugin's collection step on one made-up suite test in ``path`` that names ``clause_id``."""
    config = RunConfig("wsproto_api.reference", ("asyncio",))
    plugin = SuitePlugin(config, SPEC, load_binding(config.binding), DiscardEvents(), isolated=True)
    mark = pytest.mark.clause(clause_id).mark
    test = SimpleNamespace(
        path=path, nodeid=f"{path.name}::test_made_up", user_properties=[], iter_markers=lambda name: [mark]
    )
    test.add_marker = lambda marker: None
    items = [cast("pytest.Item", test)]
    plugin.pytest_collection_modifyitems(cast("pytest.Config", None), items)
    return items


def test_a_test_outside_its_familys_module_is_refused() -> None:
    # A run of HDR collects test_hdr.py alone, and would never see this test.
    with pytest.raises(pytest.UsageError, match=r"test_url.py::test_made_up names HDR-2; .* belong in test_hdr.py"):
        _collect(suite_module("URL"), "HDR-2")
    assert len(_collect(suite_module("HDR"), "HDR-2")) == 1
    assert len(_collect(suite_module("URL"), "ERR-1")) == 1


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.name)
def test_every_test_names_one_clause_of_its_family(path: Path) -> None:
    family = _module_family(path)
    wrong = {
        name: ids
        for name, ids in clauses_by_test(path.read_text(encoding="utf-8")).items()
        if len(ids) != 1 or ids[0] not in SPEC.clauses or SPEC.clauses[ids[0]].family != family
    }
    assert wrong == {}, f"tests that do not name exactly one {family} clause of SPEC.md"


def test_every_clause_has_a_test() -> None:
    tested = {cid for tests in _suite().values() for ids in tests.values() for cid in ids}
    if _refusal_tests():
        tested.update(REFUSAL_CLAUSES)
    assert [cid for cid in SPEC.runtime_clauses if cid not in tested] == []


def test_no_module_level_clause_mark() -> None:
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets):
                assert "clause" not in ast.unparse(node.value), f"{path.name}: clauses belong on each test"


def test_scanner_reads_marks() -> None:
    source = (
        '@pytest.mark.clause("URL-1")\ndef test_a() -> None: ...\n'
        '@pytest.mark.clause("URL-2", "URL-3")\nasync def test_b() -> None: ...\n'
        "def test_c() -> None: ...\ndef helper() -> None: ...\n"
    )
    assert clauses_by_test(source) == {"test_a": ["URL-1"], "test_b": ["URL-2", "URL-3"], "test_c": []}


def test_scanner_reads_refusals() -> None:
    source = '@support.refusal("SEND-3")\nasync def test_a(refusal: object) -> None: ...\n'
    assert clauses_by_test(source) == {"test_a": ["SEND-3"]}


def test_the_suite_imports_no_implementation() -> None:
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith(("wsproto_api.reference", "starlette")), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith(("wsproto_api.reference", "starlette")) for a in node.names)
