"""CONN and EXC blame a clause only for what its rule names: construction, the methods, the reads.

Each test runs the suite on a binding with one property a framework showed, and checks that
the clause whose rule does not name it is blocked by (or passes despite) it, while the clause
whose rule does name it still fails.
"""

from __future__ import annotations

from tests.suite.test_precise_judging import outcomes, verdicts


def test_an_accept_that_leaves_connect_blocks_conn_1_and_conn_2_by_accept_1() -> None:
    found = outcomes("tests.bindings.accept_leaves_connect", "ACCEPT-1", "CONN-1", "CONN-2")
    assert found["ACCEPT-1"].outcome == "failed"
    # CONN-1's baseline would have receive_text() get websocket.connect: accept() is what failed.
    assert found["CONN-1"].outcome == "blocked", found["CONN-1"].detail
    assert found["CONN-1"].blocked_by == ("ACCEPT-1",)
    # An accept() that never awaits receive is not "a method that would await it" (CONN-2).
    assert found["CONN-2"].outcome == "blocked", found["CONN-2"].detail
    assert found["CONN-2"].blocked_by == ("ACCEPT-1",)


def test_a_close_that_sends_nothing_blocks_conn_2_by_close_10() -> None:
    found = outcomes("tests.bindings.precise_state_close_first_sends_nothing", "CLOSE-10", "CONN-2")
    assert found["CLOSE-10"].outcome == "failed"
    assert found["CONN-2"].outcome == "blocked", found["CONN-2"].detail
    assert found["CONN-2"].blocked_by == ("CLOSE-10",)


def test_a_connection_built_only_in_a_loop_blocks_the_sync_construction_tests_by_conn_1() -> None:
    found = outcomes("tests.bindings.precise_conn_needs_loop", "CONN-2", "CONN-7", "CONN-8")
    for clause_id in ("CONN-2", "CONN-7", "CONN-8"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("CONN-1",), (clause_id, found[clause_id].blocked_by)


def test_conn_8_does_not_judge_the_error_for_a_wrong_scope_type() -> None:
    # CONN-8's malformed scopes are CONN-15's and a non-bytes header or query_string: no `type`.
    found = outcomes("tests.bindings.precise_conn_type_error_unnamed", "CONN-7", "CONN-8")
    assert verdicts(found, "CONN-7", "CONN-8") == {"CONN-7": "passed", "CONN-8": "passed"}


def test_what_the_constructor_puts_in_the_scope_is_no_write_through_the_mapping() -> None:
    found = outcomes("tests.bindings.precise_conn_adds_state", "CONN-12", "CONN-4", "CONN-11", "CONN-16")
    # It is the scope's now: the lookups of a key the scope lacks judge it as the scope's.
    for clause_id in ("CONN-12", "CONN-4", "CONN-11", "CONN-16"):
        assert found[clause_id].outcome == "passed", (clause_id, found[clause_id].detail)
    assert outcomes("tests.catalogue.mapping-writable", "CONN-12")["CONN-12"].outcome == "failed"


def test_headers_that_ignore_the_scope_block_the_malformed_header_cases() -> None:
    found = outcomes("tests.bindings.precise_conn_headers_ignore_scope", "CONN-15", "CONN-8")
    for clause_id in ("CONN-15", "CONN-8"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        # A URL whose host never comes from the host header blocks the URL's cases by URL-4.
        assert set(found[clause_id].blocked_by) == {"CONN-10", "HDR-9", "URL-4"}, found[clause_id].blocked_by


def test_a_missing_url_blocks_by_url_1() -> None:
    found = outcomes("tests.bindings.precise_conn_no_url", "CONN-2", "CONN-15")
    for clause_id in ("CONN-2", "CONN-15"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("URL-1",), (clause_id, found[clause_id].blocked_by)


def test_headers_that_cannot_decode_a_cookie_block_conn_10_by_hdr_5() -> None:
    found = outcomes("tests.bindings.precise_utf8_headers", "HDR-5", "CONN-10")
    assert found["HDR-5"].outcome == "failed"
    assert found["CONN-10"].outcome == "blocked", found["CONN-10"].detail
    assert found["CONN-10"].blocked_by == ("HDR-5",)
    # A cookie parser that is wrong still fails CONN-10.
    assert outcomes("tests.catalogue.cookies-quotes-kept", "CONN-10")["CONN-10"].outcome == "failed"


def test_a_disconnect_that_needs_another_argument_blocks_exc_1_by_sig_8() -> None:
    found = outcomes("tests.bindings.precise_conn_disconnect_detail", "SIG-8", "EXC-1")
    assert found["SIG-8"].outcome == "failed"
    assert found["EXC-1"].outcome == "blocked", found["EXC-1"].detail
    assert found["EXC-1"].blocked_by == ("SIG-8",)


def test_a_receive_text_that_lies_about_equality_blocks_conn_1_by_recv_1() -> None:
    # The arrangement reads the text as SPEC.md compares values, not by the text's own != .
    found = outcomes("tests.bindings.precise_conn_receive_text_liar", "RECV-1", "CONN-1")
    assert found["RECV-1"].outcome == "failed"
    assert found["CONN-1"].outcome == "blocked", found["CONN-1"].detail
    assert found["CONN-1"].blocked_by == ("RECV-1",)
