"""URL and QP blame a clause only for what its rule names, not for the rest of the URL or the decoding it reads.

Each test runs the suite on the reference with one fault the ecosystem's frameworks showed,
in a part of the URL, the headers or the query parameters that some URL or QP test reads to
reach what it judges, and checks both sides: the clause whose rule names that part fails,
and the clause that only read it is blocked by it (or passes), never failed.
"""

from __future__ import annotations

import pytest

from conformance.binding import load_binding
from conformance.outcomes import BLOCKED
from conformance.peer import make_scope
from conformance.suite.test_url import generated_url
from tests.suite.test_precise_judging import outcomes, verdicts

# -- URL-6 and URL-7: the relative form is judged apart from the escaping ---------------------------


def test_an_unescaped_question_mark_fails_url_7_not_url_6() -> None:
    # Like Baize's, Kuí's and Lilya's: "?" stays in the path, relative URLs too.
    found = outcomes("tests.bindings.precise_url_unescaped_question_mark", "URL-6", "URL-7")
    assert verdicts(found, "URL-6", "URL-7") == {"URL-6": "passed", "URL-7": "failed"}, found["URL-6"].detail


def test_no_slash_before_the_path_fails_url_2_not_url_7() -> None:
    # Like Baize's: "ws://example.orgchat". The generated escaping cases judge only the escaping.
    found = outcomes("tests.bindings.precise_url_no_slash_before_the_path", "URL-2", "URL-7")
    assert verdicts(found, "URL-2", "URL-7") == {"URL-2": "failed", "URL-7": "passed"}, found["URL-7"].detail


# -- URL-8: a URL that urlsplit() cannot read is blocked by the rule that built its authority --------


def test_an_unbracketed_ipv6_server_blocks_url_8_by_url_5() -> None:
    # Like Baize's, Kuí's and Lilya's: "https://::1:8443/s".
    found = outcomes("tests.bindings.precise_url_ipv6_server_unbracketed", "URL-5", "URL-8")
    assert found["URL-5"].outcome == "failed"
    assert found["URL-8"].outcome == "blocked", found["URL-8"].detail
    assert found["URL-8"].blocked_by == ("URL-5",)


# -- URL-16: a Unix socket's URL is judged against the same scope without it -------------------------


def test_a_url_ignoring_the_host_header_blocks_url_16_by_url_4() -> None:
    # Like BlackSheep's: the URL is relative whatever the host header says, Unix socket or not.
    found = outcomes("tests.catalogue.url-ignores-host-header", "URL-4", "URL-16")
    assert found["URL-4"].outcome == "failed"
    assert found["URL-16"].outcome == "blocked", found["URL-16"].detail
    assert found["URL-16"].blocked_by == ("URL-4",)


# -- URL-4, QP-4, QP-9, QP-10: bytes outside UTF-8 are decoded by HDR-5's and QP-6's rules ----------


def test_headers_read_as_utf8_block_url_4_by_hdr_5() -> None:
    # Like Lilya's: a host header that is not UTF-8 raises before the URL is built.
    found = outcomes("tests.bindings.precise_utf8_headers", "HDR-5", "URL-4")
    assert found["HDR-5"].outcome == "failed"
    assert found["URL-4"].outcome == "blocked", found["URL-4"].detail
    assert found["URL-4"].blocked_by == ("HDR-5",)


def test_a_generated_host_that_is_not_utf8_is_blocked_by_hdr_5() -> None:
    # The generated URL tests draw their hosts: one that is not UTF-8 must block, whichever is drawn.
    binding = load_binding("tests.bindings.precise_utf8_headers")
    headers = [(b"host", "exa\u00e9mple.org".encode("latin-1"))]
    scope = make_scope(path="/p", headers=headers, server=("10.0.0.1", 8001))
    with pytest.raises(pytest.skip.Exception, match=f"^{BLOCKED}HDR-5 "):
        generated_url(binding, scope)


def test_a_query_string_read_as_utf8_blocks_qp_4_9_and_10_by_qp_6() -> None:
    # Like Lilya's: a query string that is not UTF-8 raises before any pair is parsed.
    found = outcomes("tests.bindings.precise_url_utf8_query_string", "QP-4", "QP-6", "QP-9", "QP-10")
    assert found["QP-6"].outcome == "failed"
    for clause_id in ("QP-4", "QP-9", "QP-10"):
        assert found[clause_id].outcome == "blocked", found[clause_id].detail
        assert found[clause_id].blocked_by == ("QP-6",)


# -- URL-13 and QP-5: a member the connection lacks is its defining clause's failure ----------------


def test_missing_query_params_block_url_13_and_qp_5_by_qp_6() -> None:
    # Like Sanic's, Asgineer's and BlackSheep's connections, which have no query_params.
    found = outcomes("tests.bindings.lacks_query_params", "QP-5", "URL-13")
    assert verdicts(found, "QP-5", "URL-13") == {"QP-5": "blocked", "URL-13": "blocked"}, found["URL-13"].detail
    assert found["QP-5"].blocked_by == ("QP-6",)
    assert found["URL-13"].blocked_by == ("QP-6",)


def test_a_url_without_its_query_blocks_the_tests_beside_a_query_by_url_2() -> None:
    found = outcomes("tests.bindings.precise_url_without_query", "URL-2", "URL-5", "URL-7", "URL-9")
    assert found["URL-2"].outcome == "failed"
    for clause_id in ("URL-5", "URL-7", "URL-9"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("URL-2",), (clause_id, found[clause_id].blocked_by)


def test_blank_keys_dropped_block_the_other_qp_clauses_by_qp_3() -> None:
    found = outcomes("tests.bindings.precise_qp_blank_keys_dropped", "QP-3", "QP-4", "QP-6", "QP-8", "QP-9", "QP-10")
    assert found["QP-3"].outcome == "failed"
    for clause_id in ("QP-4", "QP-6", "QP-8", "QP-9", "QP-10"):
        assert found[clause_id].outcome in ("blocked", "passed"), (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by in ((), ("QP-3",)), (clause_id, found[clause_id].blocked_by)
    # Their parametrised query strings with blank keys (b"a=&b") always meet the fault.
    for clause_id in ("QP-4", "QP-9", "QP-10"):
        assert found[clause_id].blocked_by == ("QP-3",), (clause_id, found[clause_id].blocked_by)


# -- URL-2: a "?" without a query is URL-2's, not the other URL rules' -------------------------------


def test_a_question_mark_without_a_query_fails_url_2_alone() -> None:
    binding = "tests.bindings.precise_url_question_mark_without_a_query"
    found = outcomes(binding, "URL", "CONN-2")
    assert verdicts(found, "URL-2", "URL-6") == {"URL-2": "failed", "URL-6": "failed"}
    for clause in ("URL-3", "URL-4", "URL-5", "URL-7", "CONN-2"):
        assert found[clause].outcome in ("passed", "blocked"), f"{clause}: {found[clause].detail}"
    assert {found[clause].outcome for clause in ("URL-4", "URL-5")} == {"blocked"}


def test_a_host_header_netloc_lower_cased_fails_url_4_not_url_2() -> None:
    found = outcomes("tests.bindings.precise_url_host_header_lower_cased", "URL-2", "URL-4")
    assert found["URL-4"].outcome == "failed"
    assert found["URL-2"].outcome in ("passed", "blocked"), found["URL-2"].detail


# -- SIG-3 and SIG-4 read the part whose methods they judge as a step -------------------------------


def test_a_url_that_raises_blocks_sig_3_by_url_1() -> None:
    # The URL's methods cannot be reached: their signatures are not judged, URL-1 fails for it.
    found = outcomes("tests.bindings.precise_sig_url_raises", "URL-1", "SIG-3", "SIG-4")
    assert verdicts(found, "URL-1", "SIG-4") == {"URL-1": "failed", "SIG-4": "passed"}, found["SIG-4"].detail
    assert found["SIG-3"].outcome == "blocked", found["SIG-3"].detail
    assert "URL-1" in found["SIG-3"].blocked_by, found["SIG-3"].blocked_by
