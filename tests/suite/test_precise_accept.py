"""ACCEPT and CLOSE blame a clause only for what its rule names, not for the calls they use as means.

Each test runs the suite on a binding with one property a framework showed, and checks that
the clause whose test used the faulty call as a means is blocked by that call's own clause,
which still fails.
"""

from __future__ import annotations

from tests.suite.test_precise_judging import outcomes, verdicts

# -- a refusal needs an accept() that takes the arguments it is given -------------------------------


def test_refusals_an_accept_without_parameters_cannot_make_are_blocked() -> None:
    """As Sanic's: a call the signature cannot take refuses nothing, even where ``TypeError`` is asked for."""
    refusals = ("ACCEPT-7", "ACCEPT-8", "ACCEPT-9")
    found = outcomes("tests.bindings.precise_accept_no_arguments", "SIG-10", "ACCEPT-3", *refusals)
    # ACCEPT-3 names the subprotocol and headers the call cannot pass: it fails, and holds the others.
    assert verdicts(found, "SIG-10", "ACCEPT-3") == {"SIG-10": "failed", "ACCEPT-3": "failed"}
    for clause_id in refusals:
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-3",), (clause_id, found[clause_id].blocked_by)


def test_refusals_of_headers_an_accept_cannot_take_as_bytes_are_blocked_by_accept_3() -> None:
    """As Falcon's: valid pairs of bytes already make ``accept()`` raise, so a bad pair among them shows no refusal."""
    found = outcomes("tests.bindings.precise_accept_str_headers", "ACCEPT-3", "ACCEPT-6", "ACCEPT-8", "ACCEPT-9", "ERR")
    assert found["ACCEPT-3"].outcome == "failed"
    # ACCEPT-6's second accept() with headers raises for them as a first one does: ACCEPT-3's, too.
    for clause_id in ("ACCEPT-6", "ACCEPT-8", "ACCEPT-9", "ERR-1"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-3",), (clause_id, found[clause_id].blocked_by)


# -- the order of accept()'s parameters is SIG-10's ----------------------------------------------------


def test_accept_taking_headers_first_blocks_accept_3_by_sig_10() -> None:
    """As BlackSheep's: which argument goes first by position is SIG-10's rule, not ACCEPT-3's."""
    found = outcomes("tests.bindings.precise_accept_headers_first", "ACCEPT-3", "SIG-10")
    assert verdicts(found, "ACCEPT-3", "SIG-10") == {"ACCEPT-3": "blocked", "SIG-10": "failed"}
    assert found["ACCEPT-3"].blocked_by == ("SIG-10",)


# -- an accept() that never receives refuses nothing -------------------------------------------------


def test_accept_that_never_receives_blocks_accept_5_by_accept_1() -> None:
    """As Falcon's and Sanic's: an ``accept()`` that never looks at the first message has nothing to refuse."""
    found = outcomes("tests.bindings.accept_leaves_connect", "ACCEPT-1", "ACCEPT-5")
    assert verdicts(found, "ACCEPT-1", "ACCEPT-5") == {"ACCEPT-1": "failed", "ACCEPT-5": "blocked"}
    assert found["ACCEPT-5"].blocked_by == ("ACCEPT-1",)


# -- the accept() that shows a refused call left the connection as it was ----------------------------


def test_accept_silent_after_receive_blocks_the_refusals_by_accept_2() -> None:
    """As Litestar's: the closing ``accept()`` of a refusal after ``receive()`` is ACCEPT-2's to fail."""
    refusals = ("ACCEPT-7", "ACCEPT-8", "ACCEPT-9")
    found = outcomes("tests.bindings.precise_accept_silent_after_receive", "ACCEPT-2", *refusals)
    assert found["ACCEPT-2"].outcome == "failed"
    for clause_id in refusals:
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-2",)


# -- close() before accept() sending nothing is CLOSE-10's -------------------------------------------


def test_close_silent_before_accept_blocks_close_2_and_close_8_by_close_10() -> None:
    """As asgi-tools': whether ``close()`` before ``accept()`` sends anything is CLOSE-10's rule."""
    found = outcomes("tests.bindings.precise_state_close_first_sends_nothing", "CLOSE-2", "CLOSE-8", "CLOSE-10")
    assert verdicts(found, "CLOSE-2", "CLOSE-8", "CLOSE-10") == {
        "CLOSE-2": "blocked",
        "CLOSE-8": "blocked",
        "CLOSE-10": "failed",
    }
    assert found["CLOSE-2"].blocked_by == found["CLOSE-8"].blocked_by == ("CLOSE-10",)
