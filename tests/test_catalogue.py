"""The suite rejects every broken implementation of the catalogue, on a clause its base passes."""

from __future__ import annotations

import pytest

from conformance.runner import run_suite
from conformance.spec import parse_spec
from tests.catalogue import FAULTS, Fault

SPEC = parse_spec()

# What each unbroken base fails; the suite's own tests check both (test_conformance_cli).
BASE_FAILURES = {"wsproto_api.reference": set[str](), "starlette.websockets": set(SPEC.departures)}


def test_catalogue_is_large_enough() -> None:
    assert len(FAULTS) >= 30
    assert len({fault.name for fault in FAULTS}) == len(FAULTS)


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_suite_rejects_the_fault(fault: Fault, record_property: pytest.RecordProperty) -> None:
    # The hand-written cases catch every fault here; leaving out the generated-input tests
    # halves the cost of each of the catalogue's many runs.
    report = run_suite(fault.install(), backend="asyncio", extra_args=["-k", "not generated"]).report
    failed = {clause.id for clause in report.clauses if clause.outcome == "failed"}
    killed_by = sorted(failed - BASE_FAILURES[fault.base.__name__], key=list(SPEC.clauses).index)
    record_property("catalogue", "killed" if killed_by else "survived")
    assert killed_by, f"{fault.name}: the suite passes every clause that {fault.base.__name__} passes"
