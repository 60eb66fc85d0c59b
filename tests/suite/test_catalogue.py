"""The suite rejects every broken implementation of the catalogue, on a clause its base passes."""

from __future__ import annotations

import pytest

from conformance.config import RunConfig
from conformance.runner import run_suite
from conformance.spec import family_of, parse_spec
from tests.catalogue import FAULTS, Fault

SPEC = parse_spec()

# What each unbroken base fails; the suite's own tests check both (test_conformance_cli).
BASE_FAILURES = {"wsproto_api.reference": set[str](), "starlette.websockets": set(SPEC.departures)}

GENERATED_CATCHES = [
    "url-ignores-host-header",
    "url-path-unescaped",
    "headers-case-sensitive",
    "query-first-value",
    "cookies-quotes-kept",
    "starlette-headers-last-value",
]
"""Faults in the URL, the headers, the query parameters and the cookies that the suite's
generated-input tests catch on their own."""


def killed_by(fault: Fault, keyword: str) -> tuple[set[str], list[str]]:
    """The clauses of the target's family the suite fails for ``fault``, and those of them that its base passes.

    Only the family is run: each fault names the clause it breaks, and a run of one family
    costs a fifteenth of a whole one.
    """
    assert fault.target is not None, f"{fault.name}: a fault names the clause it breaks"
    selected = (family_of(fault.target),)
    report = run_suite(RunConfig(fault.binding, ("asyncio",), keyword=keyword, clauses=selected)).report
    failed = {clause.id for clause in report.clauses if clause.outcome == "failed"}
    return failed, sorted(failed - BASE_FAILURES[fault.base.__name__], key=list(SPEC.clauses).index)


def test_catalogue_is_large_enough() -> None:
    assert len(FAULTS) >= 30
    assert len({fault.name for fault in FAULTS}) == len(FAULTS)


def test_targets_are_clauses_the_base_passes() -> None:
    for fault in FAULTS:
        if fault.target is not None:
            assert fault.target in SPEC.clauses, f"{fault.name}: no clause {fault.target} in SPEC.md"
            assert fault.target not in BASE_FAILURES[fault.base.__name__], (
                f"{fault.name}: its base fails {fault.target}"
            )


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_suite_rejects_the_fault(fault: Fault, record_property: pytest.RecordProperty) -> None:
    # The hand-written cases catch every fault here; leaving out the generated-input tests
    # halves the cost of each of the catalogue's many runs.
    failed, killing = killed_by(fault, "not generated")
    record_property("catalogue", "killed" if killing else "survived")
    assert killing, f"{fault.name}: the suite passes every clause of its family that {fault.base.__name__} passes"
    assert fault.target in failed, f"{fault.name}: the suite passes {fault.target}, failing {killing}"


@pytest.mark.parametrize("name", GENERATED_CATCHES)
def test_generated_tests_reject_the_fault(name: str) -> None:
    # The generated-input tests alone, so that a fault the hand-written cases catch does not
    # hide generated tests that could never fail.
    fault = next(fault for fault in FAULTS if fault.name == name)
    failed, killing = killed_by(fault, "generated")
    assert killing, f"{fault.name}: the generated tests pass every clause that {fault.base.__name__} passes"
    assert fault.target in failed, f"{fault.name}: the generated tests pass {fault.target}, failing {killing}"
