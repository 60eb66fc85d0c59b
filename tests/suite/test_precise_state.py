"""STATE, JSON and ITER blame a clause only for what its rule names, not for the calls they use as means.

Each test runs the suite on the reference with one fault in a call some test uses to reach
or to show a situation, and checks both sides: the clause whose rule names that call fails,
and the clause that only used it is blocked by it (or passes), never failed.
"""

from __future__ import annotations

from tests.suite.test_precise_judging import outcomes, verdicts

# -- a refusal's test goes on to show the connection still works ----------------------------------


def test_a_receive_giving_the_payload_blocks_state_10_by_raw_2() -> None:
    # Like Asgineer's: receive() refuses what it should, but gives a data message's text alone.
    found = outcomes("tests.bindings.precise_state_receive_gives_payload", "RAW-2", "STATE-10")
    assert found["RAW-2"].outcome == "failed"
    assert found["STATE-10"].outcome == "blocked", found["STATE-10"].detail
    assert found["STATE-10"].blocked_by == ("RAW-2",)


def test_a_send_mangling_text_blocks_state_11_by_state_12() -> None:
    # Like Asgineer's: send() refuses what it should, but serialises a text message it passes on.
    found = outcomes("tests.bindings.precise_state_send_mangles_text", "STATE-12", "STATE-11")
    assert found["STATE-12"].outcome == "failed"
    assert found["STATE-11"].outcome == "blocked", found["STATE-11"].detail
    assert found["STATE-11"].blocked_by == ("STATE-12",)


# -- receive() as the means to move client_state ---------------------------------------------------


def test_a_receive_raising_on_disconnect_still_has_its_state_judged() -> None:
    # Like BlackSheep's: receive() raises its disconnect exception, once the state has moved.
    found = outcomes("tests.bindings.precise_state_receive_raises_on_disconnect", "RAW-2", "STATE-2")
    assert found["RAW-2"].outcome == "failed"
    assert found["STATE-2"].outcome == "passed", found["STATE-2"].detail


# -- a call that never reaches the peer's send blocks by the clause for its state ------------------


def test_an_accept_receiving_again_blocks_state_15_by_accept_2() -> None:
    # Like Litestar's: accept() after receive() of websocket.connect waits for another message.
    found = outcomes("tests.bindings.precise_state_accept_receives_again", "ACCEPT-1", "ACCEPT-2", "STATE-15", "DENY-8")
    assert verdicts(found, "ACCEPT-1", "ACCEPT-2") == {"ACCEPT-1": "passed", "ACCEPT-2": "failed"}
    # DENY-8's accept() after receive() and a denial response awaits the peer for the same reason.
    for clause_id in ("STATE-15", "DENY-8"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-2",), (clause_id, found[clause_id].blocked_by)


def test_a_close_before_accept_sending_nothing_blocks_by_close_10() -> None:
    # Like Sanic's: close() before accept() never reaches the peer's send.
    found = outcomes(
        "tests.bindings.precise_state_close_first_sends_nothing",
        "CLOSE-1",
        "CLOSE-10",
        "STATE-6",
        "STATE-15",
        "STATE-8",
        "STATE-9",
    )
    assert found["CLOSE-10"].outcome == "failed", found["CLOSE-10"].detail
    # STATE-6 reaches "closed before accept" through the support route, which checks what close() sent;
    # STATE-9 calls that close() as the send whose move it judges; CLOSE-1 judges what that close()
    # sends, which is nothing.
    for clause in ("CLOSE-1", "STATE-6", "STATE-15", "STATE-8", "STATE-9"):
        assert found[clause].outcome == "blocked", found[clause].detail
        assert found[clause].blocked_by == ("CLOSE-10",), clause


# -- receive_json() and send_json() as means ------------------------------------------------------


def test_a_receive_json_failing_on_valid_json_blocks_json_7_and_iter_3_by_json_3() -> None:
    # Like Litestar's: receive_json() raises KeyError whatever it receives, and iter_json() with it.
    found = outcomes("tests.bindings.precise_state_receive_json_breaks", "JSON-3", "JSON-7", "ITER-3")
    assert found["JSON-3"].outcome == "failed"
    for clause in ("JSON-7", "ITER-3"):
        assert found[clause].outcome == "blocked", found[clause].detail
        assert found[clause].blocked_by == ("JSON-3",), clause


def test_a_receive_json_raising_at_once_blocks_iter_3_by_json_3() -> None:
    # An iter_json() of its own, reading without receive_json(): what that call raises is no measure of it.
    found = outcomes("tests.bindings.precise_iter_receive_json_unimplemented", "JSON-3", "ITER-1", "ITER-2", "ITER-3")
    assert found["JSON-3"].outcome == "failed"
    assert verdicts(found, "ITER-1", "ITER-2") == {"ITER-1": "passed", "ITER-2": "passed"}
    assert found["ITER-3"].outcome == "blocked", found["ITER-3"].detail
    assert "JSON-3" in found["ITER-3"].blocked_by, found["ITER-3"].blocked_by


def test_a_send_json_sending_text_as_bytes_blocks_json_9_by_json_8() -> None:
    # Like asgi-tools': send_json() sends the compact text, but in a binary message.
    found = outcomes("tests.bindings.precise_state_send_json_text_as_bytes", "JSON-8", "JSON-9", "JSON-10")
    assert verdicts(found, "JSON-8", "JSON-10") == {"JSON-8": "failed", "JSON-10": "passed"}
    assert found["JSON-9"].outcome == "blocked", found["JSON-9"].detail
    assert found["JSON-9"].blocked_by == ("JSON-8",)


# -- close() after the client left: whether it sends websocket.close is not specified ---------------


def test_a_close_sending_nothing_after_the_client_left_passes_state_6() -> None:
    # Nothing sent, so the application has not closed as STATE-6 and SEND-4 say; their other routes still judge them.
    clauses = ("STATE-6", "STATE-13", "SEND-4", "CLOSE", "ERR")
    found = outcomes("tests.bindings.precise_state_close_silent_after_the_client_left", *clauses)
    failed = {clause: outcome.detail for clause, outcome in found.items() if outcome.outcome != "passed"}
    assert failed == {}, failed


def test_a_close_sending_two_closes_after_the_client_left_fails_close_9_alone() -> None:
    # Neither of CLOSE-9's open choices (one close or none): what follows that close() is not judged.
    found = outcomes(
        "tests.bindings.precise_state_close_twice_after_the_client_left", "STATE-6", "STATE-13", "SEND-4", "CLOSE"
    )
    assert found["CLOSE-9"].outcome == "failed", found["CLOSE-9"].detail
    for clause_id in ("STATE-6", "STATE-13", "SEND-4"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("CLOSE-9",), (clause_id, found[clause_id].blocked_by)
    others = {
        c: o.outcome for c, o in found.items() if c.startswith("CLOSE") and c != "CLOSE-9" and o.outcome != "passed"
    }
    assert others == {}, others


# -- a websocket.close or denial response sent before websocket.connect: refusing it is open --------


def test_a_send_refusing_to_close_before_connect_passes_every_clause() -> None:
    # SPEC.md (STATE) leaves open whether send() refuses them then: no clause may fail for it.
    clauses = ("CONN-2", "STATE-6", "STATE-8", "STATE-12", "ERR", "CLOSE-10", "DENY-9")
    found = outcomes("tests.bindings.precise_state_refuses_closing_before_connect", *clauses)
    failed = {clause: outcome.detail for clause, outcome in found.items() if outcome.outcome != "passed"}
    assert failed == {}, failed
