"""HDR blames a clause only for what its rule names, not for the lookups, URL and cookies it reads as means.

Each test runs the suite on the reference with one fault the ecosystem's frameworks showed,
in a member some HDR test reads to see what it judges, and checks both sides: the clause
whose rule names that member fails, and the HDR clause that only read it is blocked by it
(or passes), never failed.
"""

from __future__ import annotations

from tests.suite.test_precise_judging import outcomes, verdicts

# -- HDR-8 names getlist only where the binding has it ----------------------------------------------


def test_a_missing_getlist_blocks_hdr_8_by_hdr_10() -> None:
    # Like Litestar's, Baize's, Kui's and Flama's headers: the multidict feature without getlist.
    found = outcomes("tests.bindings.lacks_headers_getlist", "HDR-8", "HDR-10")
    assert found["HDR-10"].outcome == "failed"
    assert found["HDR-8"].outcome == "blocked", found["HDR-8"].detail
    assert found["HDR-8"].blocked_by == ("HDR-10",)


# -- HDR-2: the host and cookie headers are found in any case; what they give is URL-4's and CONN-10's


def test_cookies_of_one_header_only_block_hdr_2_by_conn_10() -> None:
    # Like Flama's: how several cookie headers merge is CONN-10's, whatever the case of their names.
    found = outcomes("tests.bindings.precise_hdr_first_cookie_header", "HDR-2", "CONN-10")
    assert found["CONN-10"].outcome == "failed"
    assert found["HDR-2"].outcome == "blocked", found["HDR-2"].detail
    assert found["HDR-2"].blocked_by == ("CONN-10",)


def test_a_url_with_the_default_port_blocks_hdr_2_by_url_4_and_passes_hdr_7() -> None:
    # Like Asgineer's: the netloc is wrong even from a host header in lower case.
    found = outcomes("tests.bindings.precise_hdr_url_default_port", "HDR-2", "HDR-7", "URL-4")
    assert found["URL-4"].outcome == "failed"
    assert found["HDR-2"].outcome == "blocked", found["HDR-2"].detail
    assert found["HDR-2"].blocked_by == ("URL-4",)
    # The URL read over a one-shot iterator or a read-only scope is the one a list gives.
    assert found["HDR-7"].outcome == "passed", found["HDR-7"].detail


# -- HDR-5: decoding is judged through lookups that find an ordinary header --------------------------


def test_headers_finding_nothing_block_hdr_5_and_hdr_7_by_hdr_9() -> None:
    # Like asgi-tools' response headers: no lookup by name finds anything.
    found = outcomes("tests.bindings.precise_hdr_headers_find_nothing", "HDR-5", "HDR-7", "HDR-9")
    assert found["HDR-9"].outcome == "failed"
    assert verdicts(found, "HDR-5", "HDR-7") == {"HDR-5": "blocked", "HDR-7": "blocked"}, found["HDR-5"].detail
    assert found["HDR-5"].blocked_by == ("HDR-9",)
    assert "HDR-9" in found["HDR-7"].blocked_by, found["HDR-7"].blocked_by


# -- HDR-6: raw over latin-1 names is judged once they can be read -----------------------------------


def test_names_read_as_utf8_block_hdr_6_by_hdr_5() -> None:
    # Like Lilya's: headers whose names are not UTF-8 cannot be read at all.
    found = outcomes("tests.bindings.precise_utf8_headers", "HDR-5", "HDR-6")
    assert found["HDR-5"].outcome == "failed"
    assert found["HDR-6"].outcome == "blocked", found["HDR-6"].detail
    assert found["HDR-6"].blocked_by == ("HDR-5",)


# -- HDR-7 is about the scope alone ------------------------------------------------------------------


def test_a_connection_without_url_blocks_hdr_7_by_url_1() -> None:
    # Like Sanic's: the URL HDR-7 reads is not there to read.
    found = outcomes("tests.bindings.precise_hdr_lacks_url", "HDR-7")
    assert found["HDR-7"].outcome == "blocked", found["HDR-7"].detail
    assert found["HDR-7"].blocked_by == ("URL-1",)


def test_what_building_adds_to_the_scope_is_no_read() -> None:
    # Like Litestar's: the constructor adds state to the scope; reading the headers changes nothing.
    found = outcomes("tests.bindings.precise_hdr_state_in_scope", "HDR-7")
    assert found["HDR-7"].outcome == "passed", found["HDR-7"].detail


# -- values decoded otherwise than as latin-1 ----------------------------------------------------------


def test_values_read_as_utf8_block_the_lookups_over_them_by_hdr_5() -> None:
    found = outcomes(
        "tests.bindings.precise_hdr_values_read_as_utf8",
        *("HDR-2", "HDR-5", "HDR-6", "HDR-8", "HDR-9", "HDR-10", "HDR-12", "CONN-10"),
    )
    assert found["HDR-5"].outcome == "failed"
    for clause_id in ("HDR-2", "HDR-9", "HDR-10", "HDR-12", "CONN-10"):
        assert found[clause_id].outcome in ("blocked", "passed"), (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by in ((), ("HDR-5",)), (clause_id, found[clause_id].blocked_by)
    # CONN-10's parametrised cookie 'a=caf\xe9' always meets the decoding.
    assert found["CONN-10"].blocked_by == ("HDR-5",)
    # Raw bytes and names that are missing read no decoded value.
    assert verdicts(found, "HDR-6", "HDR-8") == {"HDR-6": "passed", "HDR-8": "passed"}


# -- HDR-9: a get() that ignores its default is HDR-9's, wherever a test looks up a missing name ------


def test_a_get_ignoring_its_default_fails_hdr_9_and_blocks_hdr_2_and_hdr_13() -> None:
    found = outcomes("tests.bindings.precise_headers_get_ignores_default", "HDR-2", "HDR-9", "HDR-13")
    assert verdicts(found, "HDR-2", "HDR-9", "HDR-13") == {"HDR-2": "blocked", "HDR-9": "failed", "HDR-13": "blocked"}
    assert found["HDR-13"].blocked_by == ("HDR-9",), found["HDR-13"].detail


def test_an_in_finding_every_name_fails_hdr_9_and_blocks_hdr_2_and_hdr_13() -> None:
    found = outcomes("tests.bindings.precise_headers_contain_every_name", "HDR-2", "HDR-9", "HDR-13")
    assert verdicts(found, "HDR-2", "HDR-9", "HDR-13") == {"HDR-2": "blocked", "HDR-9": "failed", "HDR-13": "blocked"}
