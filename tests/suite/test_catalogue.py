"""The suite rejects every broken implementation of the catalogue, on a clause its base passes."""

from __future__ import annotations

import pytest

from conformance.config import RunConfig
from conformance.runner import run_suite
from conformance.spec import parse_spec
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


def killed_by(fault: Fault, keyword: str) -> bool:
    """Whether the suite fails ``fault`` on the clause it breaks, which its base passes, run on that clause alone.

    The clause is run as ``--clause`` runs it: each fault names the clause it breaks, and one
    clause's tests cost about half of its family's run, most of which is the process and the
    collection.
    """
    assert fault.target is not None, f"{fault.name}: a fault names the clause it breaks"
    report = run_suite(RunConfig(fault.binding, ("asyncio",), keyword=keyword, clauses=(fault.target,))).report
    return any(clause.id == fault.target and clause.outcome == "failed" for clause in report.clauses)


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
    killed = killed_by(fault, "not generated")
    record_property("catalogue", "killed" if killed else "survived")
    assert killed, f"{fault.name}: the suite passes {fault.target}, which {fault.base.__name__} passes too"


@pytest.mark.parametrize("name", GENERATED_CATCHES)
def test_generated_tests_reject_the_fault(name: str) -> None:
    # The generated-input tests alone, so that a fault the hand-written cases catch does not
    # hide generated tests that could never fail.
    fault = next(fault for fault in FAULTS if fault.name == name)
    assert killed_by(fault, "generated"), f"{fault.name}: the generated tests pass {fault.target}"
