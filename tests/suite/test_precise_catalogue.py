"""One wrong behaviour fails the clause that names it, and only blocks the clauses that used it as a means.

Each case is a fault of the catalogue and the clauses whose tests reach their situation
through the behaviour it breaks, without naming it: run on the fault, they are blocked (or
pass), never failed, while the fault's own clause still fails.
"""

from __future__ import annotations

import pytest

from tests.catalogue import FAULTS
from tests.suite.test_precise_judging import outcomes

USED_AS_A_MEANS: dict[str, tuple[str, ...]] = {
    # The host header gives the authority (URL-4): the other rules read it only as part of the text.
    "url-ignores-host-header": ("URL-1", "URL-2", "URL-3", "URL-7"),
    # Which port the server's netloc leaves out is URL-5's, whether the scope names the scheme or not.
    "url-keeps-default-port": ("URL-3", "URL-7"),
    # The iterators yield what receive_bytes() returns (ITER-1): its wrong value is RECV-2's.
    "starlette-receive-bytes-reads-text": ("ITER-1", "ITER-2"),
    # A skip raised by close() where it only brings the connection to be closed is CLOSE-1's.
    "close-skips-from-c-code-as-absent": ("ACCEPT-6", "SEND-4", "CLOSE-4"),
    # Building over a query string that is not UTF-8 must not raise (CONN-15): QP reads it.
    "query-string-checked-when-built": ("CONN-1", "QP-4", "QP-6"),
    # Building over a scope without query_string must work (QP-5): CONN-4 builds one to read.
    "construction-needs-query-string": ("CONN-1", "CONN-4"),
    # A body saying more_body False must end a denial response (DENY-9): DENY-8 refuses after one.
    "denial-more-body-false-keeps-the-response-open": ("ERR-1", "ERR-2"),
}
"""Faults, by name, and the clauses that must not fail for them."""


@pytest.mark.parametrize("name", USED_AS_A_MEANS)
def test_a_fault_fails_its_clause_and_blocks_the_others(name: str) -> None:
    fault = next(fault for fault in FAULTS if fault.name == name)
    assert fault.target is not None
    clauses = USED_AS_A_MEANS[name]
    found = outcomes(fault.binding, fault.target, *clauses, keyword="not generated")
    assert found[fault.target].outcome == "failed", found[fault.target].detail
    failed = {clause: found[clause].detail for clause in clauses if found[clause].outcome == "failed"}
    assert not failed, failed
