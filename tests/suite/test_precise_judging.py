"""The suite blames a clause only for what its rule names: features, arrangements and the scope it builds.

Each test runs the suite (or the static tier) on a binding with one property the ecosystem's
frameworks showed, and checks both sides: that the clauses whose rules do not name that
property are not failed for it, and that the clause whose rule does name it still fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import conformance.bindings.asgi_tools
import conformance.bindings.blacksheep
import tests.bindings.lacks_query_params
import tests.bindings.static_factory
from conformance import cli, features, live, static
from conformance.binding import load_binding
from conformance.config import RunConfig
from conformance.outcomes import ClauseOutcome
from conformance.peer import ASGI_SPEC_VERSION, make_scope
from conformance.runner import run_suite
from conformance.spec import current_spec
from wsproto_api.reference import WebSocket as Reference

MULTIDICT = current_spec().features["multidict"]


def outcomes(binding: str, *clauses: str, keyword: str = "") -> dict[str, ClauseOutcome]:
    """Each selected clause's verdict for ``binding``, on asyncio."""
    report = run_suite(RunConfig(binding, ("asyncio",), clauses=clauses, keyword=keyword)).report
    return {clause.id: clause for clause in report.clauses}


def verdicts(found: dict[str, ClauseOutcome], *clause_ids: str) -> dict[str, str]:
    """The outcome of each of ``clause_ids``."""
    return {clause_id: found[clause_id].outcome for clause_id in clause_ids}


# -- a value of a str subclass is a str: its exact class is a SHOULD's concern (SPEC.md's conventions)


def test_a_replace_that_keeps_its_url_class_passes_url_18() -> None:
    # A URL is a str: str.replace's text in a URL meets "returns a str". The catalogue's
    # wrong replace results still fail it (test_catalogue).
    found = outcomes("tests.bindings.precise_url_replace_keeps_url", "URL-9", "URL-18", "URL-19")
    assert verdicts(found, "URL-9", "URL-18", "URL-19") == dict.fromkeys(("URL-9", "URL-18", "URL-19"), "passed"), (
        found["URL-18"].detail
    )


def test_values_of_a_str_subclass_pass_hdr_9_qp_6_and_conn_10() -> None:
    # A framework's own text class for header, query and cookie values; the text is judged as before.
    found = outcomes("tests.bindings.precise_str_subclass_values", "HDR-9", "QP-6", "CONN-10")
    assert verdicts(found, "HDR-9", "QP-6", "CONN-10") == dict.fromkeys(("HDR-9", "QP-6", "CONN-10"), "passed"), {
        clause: found[clause].detail for clause in found
    }


# -- features: a part the connection lacks has none of its members -------------------------------


def test_a_missing_part_switches_no_feature_on() -> None:
    # headers.getlist, headers.raw and the whole query_params are missing: nothing of multidict is left.
    binding = load_binding("tests.bindings.lacks_query_params")
    assert "the binding has none of" in features.absence(binding, MULTIDICT)


def test_a_part_that_is_there_keeps_the_feature_judged() -> None:
    # Only headers.getlist is missing: the feature is present, and HDR-10 fails for it.
    features.reset()
    assert features.absence(load_binding("tests.bindings.lacks_headers_getlist"), MULTIDICT) == ""


def test_without_multidict_its_clauses_are_absent_and_lookups_pass() -> None:
    found = outcomes("tests.bindings.lacks_query_params", "HDR-2", "HDR-8", "HDR-10", "HDR-12", "SIG-4")
    assert verdicts(found, "HDR-2", "HDR-8") == {"HDR-2": "passed", "HDR-8": "passed"}
    assert {found[c].outcome for c in ("HDR-10", "HDR-12", "SIG-4")} == {"absent"}


def test_a_missing_getlist_blocks_hdr_2_by_hdr_10_which_fails() -> None:
    found = outcomes("tests.bindings.lacks_headers_getlist", "HDR-2", "HDR-10")
    assert found["HDR-10"].outcome == "failed"
    # The lookups HDR-2 names pass; its getlist cases are HDR-10's to fail.
    assert found["HDR-2"].outcome == "blocked", found["HDR-2"].detail
    assert found["HDR-2"].blocked_by == ("HDR-10",)


def test_the_static_tier_calls_a_feature_of_missing_parts_absent() -> None:
    # asgi-tools' connection has no query_params and its headers' class has neither getlist nor raw.
    absent = static.absent_feature_members(conformance.bindings.asgi_tools)
    assert {("TYPE-3", "getlist"), ("TYPE-3", "raw"), ("TYPE-4", "getlist"), ("TYPE-4", "multi_items")} <= absent


def test_the_static_tier_asks_the_checkers_about_a_class_it_cannot_resolve() -> None:
    # BlackSheep's headers are a compiled class: only the checkers can say getlist and raw are missing.
    module = conformance.bindings.blacksheep
    assert ("TYPE-3", "getlist") not in static.absent_feature_members(module)
    missing = [static.MemberResult("TYPE-3", name, "missing") for name in ("getlist", "raw")]
    both = dict.fromkeys(static.CHECKERS, missing)
    assert ("TYPE-3", "getlist") in static.absent_feature_members(module, both)
    # One checker that finds the member is enough to keep it judged.
    one = {**both, "pyright": [static.MemberResult("TYPE-3", "getlist", "mismatch")]}
    assert ("TYPE-3", "getlist") not in static.absent_feature_members(module, one)
    # A checker that sees the headers as Any reported nothing of them: it has no say.
    blind: dict[static.Checker, list[static.MemberResult]] = {"mypy": [], "pyright": missing}
    assert ("TYPE-3", "getlist") not in static.absent_feature_members(module, blind)
    assert ("TYPE-3", "getlist") in static.absent_feature_members(module, blind, {"mypy": {"TYPE-3"}})
    assert ("TYPE-3", "getlist") not in static.absent_feature_members(module, blind, {"mypy": {"TYPE-2"}})


# -- a denial response's messages are the denial feature's --------------------------------------------


def test_without_denial_a_send_refusing_a_response_fails_and_blocks_nothing() -> None:
    # Lilya's send() refuses websocket.http.response.*: without the feature, that is not judged.
    found = outcomes("tests.bindings.refuses_denial_messages", "RAW", "STATE", "ERR")
    judged = {clause_id: clause.outcome for clause_id, clause in found.items() if clause.outcome != "absent"}
    assert set(judged.values()) == {"passed"}, {c: found[c].detail for c in judged if judged[c] != "passed"}
    # The rules that send only other messages, or refuse these, are still judged.
    assert {"RAW-1", "STATE-6", "STATE-11", "STATE-12", "ERR-1", "ERR-2"} <= judged.keys()


def test_without_denial_a_send_passing_a_response_on_anywhere_fails_the_refusals() -> None:
    # Passing them on is not judged without the feature; refusing them after a close, or where
    # the table lists them for no state, still is.
    found = outcomes("tests.bindings.no_denial_sends_responses", "STATE-6", "STATE-11", "STATE-12")
    assert verdicts(found, "STATE-6", "STATE-11", "STATE-12") == {
        "STATE-6": "failed",
        "STATE-11": "failed",
        "STATE-12": "passed",
    }
    # Every kind of a denial response's messages is sent after a close on a route the binding can take.
    failed = " ".join(found["STATE-6"].failures)
    kinds = ("websocket.http.response.start", "websocket.http.response.body", "websocket.http.response.body+more_body")
    for kind in kinds:
        assert f"-{kind}-refused]" in failed, failed


def test_with_denial_a_send_refusing_a_response_fails_the_rules_naming_it() -> None:
    found = outcomes("tests.bindings.refuses_raw_response", "RAW-1", "STATE-12")
    assert verdicts(found, "RAW-1", "STATE-12") == {"RAW-1": "failed", "STATE-12": "failed"}


# -- send_text() as a means: CONN-1, ACCEPT-6 and DENY-5 use it to show a connection works ----------


USING_SEND_TEXT = ("CONN-1", "ACCEPT-6", "DENY-5")


def test_a_wrong_send_text_fails_send_1_alone() -> None:
    found = outcomes("tests.bindings.sends_text_as_bytes", "SEND-1", *USING_SEND_TEXT)
    assert verdicts(found, "SEND-1", *USING_SEND_TEXT) == {
        "SEND-1": "failed",
        "CONN-1": "blocked",
        "ACCEPT-6": "passed",
        "DENY-5": "passed",
    }
    assert found["CONN-1"].blocked_by == ("SEND-1",)


def test_a_send_text_sending_nothing_blocks_the_clauses_using_it_by_send_1() -> None:
    found = outcomes("tests.bindings.send_text_sends_nothing", "SEND-1", *USING_SEND_TEXT)
    assert verdicts(found, "SEND-1", *USING_SEND_TEXT) == {
        "SEND-1": "failed",
        "CONN-1": "blocked",
        "ACCEPT-6": "blocked",
        "DENY-5": "blocked",
    }
    assert found["CONN-1"].blocked_by == found["ACCEPT-6"].blocked_by == found["DENY-5"].blocked_by == ("SEND-1",)


# -- building from the scope a rule is about ----------------------------------------------------


def test_a_crash_on_the_scope_a_rule_names_fails_that_rule_not_conn_1() -> None:
    found = outcomes("tests.catalogue.construction-needs-query-string", "QP-5", "CONN-1")
    assert verdicts(found, "QP-5", "CONN-1") == {"QP-5": "failed", "CONN-1": "passed"}
    assert "KeyError" in found["QP-5"].detail


# -- query_string None is empty (ASGI) ------------------------------------------------------------


def test_the_reference_reads_a_query_string_of_none_as_empty() -> None:
    scope = make_scope(path="/chat")
    scope["query_string"] = None
    ws = Reference(scope)
    assert len(ws.query_params) == 0
    assert str(ws.url) == "ws://example.org/chat"


def test_a_query_string_of_none_is_no_malformed_scope() -> None:
    found = outcomes("wsproto_api.reference", "CONN-8", "CONN-15", "QP-5")
    assert {clause.outcome for clause in found.values()} == {"passed"}
    refused = outcomes("tests.catalogue.query-string-none-refused", "QP-5", "CONN-8")
    assert verdicts(refused, "QP-5", "CONN-8") == {"QP-5": "failed", "CONN-8": "passed"}


# -- accept() must receive websocket.connect ------------------------------------------------------


def test_an_accept_that_leaves_connect_blocks_the_accepted_clauses_by_accept_1() -> None:
    found = outcomes("tests.bindings.accept_leaves_connect", "ACCEPT-1", "RECV-1", "RECV-3", "RECV-6", "JSON-3")
    assert found["ACCEPT-1"].outcome == "failed"
    for clause_id in ("RECV-1", "RECV-3", "RECV-6", "JSON-3"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-1",)


# -- RAW-2 as an arrangement of RECV-10 --------------------------------------------------------------


def test_a_receive_that_skips_connect_blocks_recv_10_without_waiting() -> None:
    found = outcomes("tests.bindings.receive_skips_connect", "RAW-2", "RECV-10", keyword="first_receive")
    assert found["RECV-10"].outcome == "blocked", found["RECV-10"].detail
    assert found["RECV-10"].blocked_by == ("RAW-2",)
    assert "did not finish" not in found["RECV-10"].detail
    assert outcomes("tests.bindings.receive_skips_connect", "RAW-2")["RAW-2"].outcome == "failed"


# -- JSON modes: a rule that names no mode calls the default ------------------------------------------


def test_a_mode_spelt_otherwise_fails_only_the_clauses_naming_the_mode() -> None:
    with_binary_cases = ("JSON-7", "JSON-9", "JSON-11", "SEND-3")
    found = outcomes("tests.bindings.enum_json_mode", "JSON-3", "JSON-8", *with_binary_cases, "JSON-4", "JSON-10")
    assert verdicts(found, "JSON-3", "JSON-8") == {"JSON-3": "passed", "JSON-8": "passed"}
    # Their cases in binary mode are blocked by the clauses that name mode="binary", which fail.
    for clause_id in with_binary_cases:
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert set(found[clause_id].blocked_by) <= {"JSON-4", "JSON-10"}, found[clause_id].blocked_by
    assert verdicts(found, "JSON-4", "JSON-10") == {"JSON-4": "failed", "JSON-10": "failed"}


# -- the scope's ASGI spec version ---------------------------------------------------------------------


def test_the_suite_scope_declares_the_spec_version_the_clauses_rely_on() -> None:
    assert make_scope()["asgi"] == {"version": "3.0", "spec_version": ASGI_SPEC_VERSION}
    # A close reason (CLOSE-2) came with 2.3; the disconnect reason RECV-3 reads, with 2.5.
    assert tuple(int(part) for part in ASGI_SPEC_VERSION.split(".")) >= (2, 5)


def test_a_binding_honouring_the_spec_version_keeps_the_close_reason() -> None:
    assert outcomes("tests.bindings.honours_spec_version", "CLOSE-2")["CLOSE-2"].outcome == "passed"
    assert outcomes("tests.bindings.drops_close_reason", "CLOSE-2")["CLOSE-2"].outcome == "failed"


# -- the static tier on a factory function ------------------------------------------------------------


def static_outcomes(capsys: pytest.CaptureFixture[str], tmp_path: Path, binding: str) -> dict[str, Any]:
    """Each TYPE clause's entry in the static report of ``binding``, both checkers."""
    report = tmp_path / "static.json"
    cli.main([binding, "--static", "--checker", "all", "--json", str(report)])
    capsys.readouterr()
    return {c["id"]: c for c in json.loads(report.read_text(encoding="utf-8"))["clauses"]}


def test_the_static_tier_judges_what_a_factory_returns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    found = static_outcomes(capsys, tmp_path, "tests.bindings.static_factory")
    assert {c["outcome"] for c in found.values()} == {"passed"}, found
    wrong = static_outcomes(capsys, tmp_path, "tests.bindings.static_factory_wrong_url")
    assert wrong["TYPE-1"]["outcome"] == "failed"
    assert "url" in wrong["TYPE-1"]["detail"]
    assert "not valid as a type" not in wrong["TYPE-1"]["detail"]


def test_the_connection_class_of_a_factory_is_its_return_annotation() -> None:
    assert static.connection_class(tests.bindings.static_factory) is Reference
    assert static.connection_class(tests.bindings.lacks_query_params) is tests.bindings.lacks_query_params.WebSocket


def test_the_live_app_blocks_by_accept_1_an_accept_that_leaves_connect() -> None:
    matrix = live.run_live("tests.bindings.accept_leaves_connect", ["uvicorn-wsproto"], ["LIVE-2", "LIVE-3"])
    row = matrix["uvicorn-wsproto"]
    for clause_id in ("LIVE-2", "LIVE-3"):
        assert row[clause_id].kind == "blocked", row[clause_id]
        assert row[clause_id].blocked_by == "ACCEPT-1"
    # The reference's accept() receives websocket.connect: the same routes pass.
    reference = live.run_live("wsproto_api.reference", ["uvicorn-wsproto"], ["LIVE-2", "LIVE-3"])["uvicorn-wsproto"]
    assert {result.kind for result in reference.values()} == {"passed"}


# -- signatures: a call the binding's callable cannot take blocks on its signature clause --------


def test_a_call_the_signature_cannot_take_blocks_on_the_signature_clause() -> None:
    found = outcomes("tests.bindings.accept_without_headers", "SIG-10", "ACCEPT-3", "ACCEPT-6", "ACCEPT-8", "ERR-1")
    assert found["SIG-10"].outcome == "failed"
    # ACCEPT-6's rule names no headers: its cases that give them cannot be made, and wait on SIG-10.
    assert found["ACCEPT-6"].outcome == "blocked", found["ACCEPT-6"].detail
    assert found["ACCEPT-6"].blocked_by == ("SIG-10",)
    assert found["ERR-1"].blocked_by == ("SIG-10",)
    # ACCEPT-3 names the headers the call cannot pass: the rule itself fails. ACCEPT-8 judges
    # which headers are refused, which cannot be told where none can be given: it waits on ACCEPT-3.
    assert verdicts(found, "ACCEPT-3", "ACCEPT-8") == {"ACCEPT-3": "failed", "ACCEPT-8": "blocked"}
    assert found["ACCEPT-8"].blocked_by == ("ACCEPT-3",)


def test_an_arrangement_the_signature_cannot_take_blocks_on_the_signature_clause() -> None:
    # Flama's send() takes its message by keyword only: a route's raw send cannot be made.
    found = outcomes("conformance.bindings.flama", "SIG-6", "STATE-10")
    assert verdicts(found, "SIG-6", "STATE-10") == {"SIG-6": "failed", "STATE-10": "blocked"}
    assert found["STATE-10"].blocked_by == ("SIG-6",)


def test_an_accept_the_contract_cannot_call_blocks_the_exchanges_by_sig_10() -> None:
    found = outcomes("tests.bindings.precise_sig_accept_needs_a_keyword", "SIG-10", "CONN-1", "STATE-8", "STATE-15")
    assert found["SIG-10"].outcome == "failed"
    for clause_id in ("CONN-1", "STATE-8", "STATE-15"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("SIG-10",), (clause_id, found[clause_id].blocked_by)


def test_a_type_error_the_binding_raises_itself_is_its_refusal() -> None:
    def raised_by(call: Any) -> BaseException:
        try:
            call()
        except TypeError as error:
            return error
        raise AssertionError("nothing raised")

    def refuse(data: object) -> None:
        raise TypeError(f"send_text() takes a str, not {type(data).__name__}")

    # Raised inside the callable (here, this test's own function stands for the binding's code,
    # whose frames are not the suite's): not a call that could not be made.
    assert features.signature_mismatch(raised_by(lambda: refuse(b"x"))) is None


# -- what an iterator yields is ITER-1's; what a denial app receives is compared by value -------------


def test_wrong_items_block_iter_2_by_iter_1() -> None:
    found = outcomes("tests.bindings.precise_iter_json_yields_text", "ITER-1", "ITER-2")
    assert found["ITER-1"].outcome == "failed"
    assert found["ITER-2"].outcome == "blocked", found["ITER-2"].detail
    assert found["ITER-2"].blocked_by == ("ITER-1",)


def test_a_denial_app_receiving_copies_passes_deny_9() -> None:
    found = outcomes("tests.bindings.precise_deny_app_receives_copies", "DENY-9")
    assert found["DENY-9"].outcome == "passed", found["DENY-9"].detail


def test_a_receive_after_the_disconnect_that_awaits_the_peer_blocks_iter_3_by_recv_5() -> None:
    found = outcomes("tests.bindings.precise_recv_awaits_after_disconnect", "RECV-5", "ITER-3")
    assert found["RECV-5"].outcome == "failed"
    assert found["ITER-3"].outcome == "blocked", found["ITER-3"].detail
    assert found["ITER-3"].blocked_by == ("RECV-5",)


def test_a_denial_refusing_functions_blocks_the_state_tests_denying_with_one_by_deny_2() -> None:
    # SIG-7's test denies with a plain async function too: blocked by DENY-2, not by DENY-9,
    # which would then fail as its step.
    clauses = ("DENY-2", "DENY-9", "STATE-2", "STATE-9", "SIG-7")
    found = outcomes("tests.bindings.precise_deny_refuses_functions", *clauses)
    assert verdicts(found, "DENY-2", "DENY-9") == {"DENY-2": "failed", "DENY-9": "passed"}, found["DENY-9"].detail
    for clause_id in ("STATE-2", "STATE-9", "SIG-7"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("DENY-2",), (clause_id, found[clause_id].blocked_by)


def test_a_denial_refusing_objects_blocks_the_deny_tests_denying_with_one_by_deny_2() -> None:
    # The mirror: the DENY tests deny with application objects, the STATE tests with functions.
    denying = ("DENY-3", "DENY-4", "DENY-5", "DENY-6", "DENY-7", "DENY-8", "DENY-9")
    found = outcomes("tests.bindings.precise_deny_refuses_objects", "DENY", "STATE-2", "STATE-9")
    assert verdicts(found, "DENY-2", "STATE-2", "STATE-9") == {
        "DENY-2": "failed",
        "STATE-2": "passed",
        "STATE-9": "passed",
    }
    for clause_id in denying:
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("DENY-2",), (clause_id, found[clause_id].blocked_by)


# -- a defect judged where it shows, not in the step that meets it -------------------------------


def test_a_receive_left_busy_by_a_cancel_fails_recv_10_alone() -> None:
    found = outcomes("tests.bindings.precise_recv_stuck_after_cancel", "RECV-10", "RECV-1", "RECV-2", "JSON-3")
    assert verdicts(found, "RECV-10", "RECV-1", "RECV-2", "JSON-3") == {
        "RECV-10": "failed",
        "RECV-1": "passed",
        "RECV-2": "passed",
        "JSON-3": "passed",
    }


def test_a_delegating_connection_without_state_lacks_the_feature() -> None:
    found = outcomes("tests.bindings.precise_conn_delegates_without_state", "STATE", "RAW-1", "CONN-4")
    assert {clause.outcome for clause in found.values() if clause.feature == "state"} == {"absent"}
    assert verdicts(found, "RAW-1", "CONN-4") == {"RAW-1": "passed", "CONN-4": "passed"}


def test_an_accept_receiving_again_blocks_the_refusals_it_follows_by_accept_2() -> None:
    followed = ("ACCEPT-7", "ACCEPT-8", "ACCEPT-9", "SEND-3", "RECV-4")
    found = outcomes("tests.bindings.precise_accept_receives_again", "ACCEPT-2", *followed)
    assert found["ACCEPT-2"].outcome == "failed"
    for clause_id in followed:
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("ACCEPT-2",), (clause_id, found[clause_id].blocked_by)


def test_a_call_that_went_on_to_receive_is_not_judged_for_err_1() -> None:
    found = outcomes("tests.bindings.precise_recv_awaits_peer_once_left", "RECV-5", "ERR-1", "DENY-9")
    assert found["RECV-5"].outcome == "failed"
    assert found["ERR-1"].outcome == "blocked", found["ERR-1"].detail
    assert "RECV-5" in found["ERR-1"].blocked_by
    # A denial app's receive after the client left goes through the same receive: RECV-5's too.
    assert (found["DENY-9"].outcome, found["DENY-9"].blocked_by) == ("blocked", ("RECV-5",)), found["DENY-9"].detail


def test_a_plus_kept_in_the_query_blocks_the_other_qp_tests_by_qp_6() -> None:
    found = outcomes("tests.bindings.precise_qp_plus_kept", "QP")
    assert found["QP-6"].outcome == "failed"
    for clause_id in ("QP-4", "QP-8", "QP-9", "QP-10"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("QP-6",), (clause_id, found[clause_id].blocked_by)


def test_another_default_close_code_fails_close_1_not_close_2() -> None:
    found = outcomes("tests.bindings.precise_close_defaults_to_1001", "CLOSE-1", "CLOSE-2", "SIG-10")
    assert verdicts(found, "CLOSE-1", "CLOSE-2", "SIG-10") == {
        "CLOSE-1": "failed",
        "CLOSE-2": "passed",
        "SIG-10": "failed",
    }


def test_bare_keys_dropped_block_the_other_qp_tests_by_qp_3_not_qp_6() -> None:
    found = outcomes("tests.bindings.precise_qp_bare_keys_dropped", "QP")
    assert verdicts(found, "QP-3", "QP-6") == {"QP-3": "failed", "QP-6": "passed"}
    assert all("QP-6" not in clause.blocked_by for clause in found.values())


def test_a_read_kept_pending_across_a_cancel_passes_recv_10() -> None:
    found = outcomes("tests.bindings.precise_recv_shielded_read", "RECV-10")
    assert found["RECV-10"].outcome == "passed", found["RECV-10"].detail


def test_a_connection_cancelling_its_caller_on_the_disconnect_fails_only_the_rules_of_receiving_it() -> None:
    # Quart's app cancels the handler when the client leaves. The tests that only arrange a
    # received disconnect are blocked by the rule of the call that received it, and end at once:
    # none waits out its time limit.
    found = outcomes("tests.bindings.precise_recv_cancels_on_disconnect")
    receiving = {"RECV-3", "RAW-2", "ITER-2", "DENY-9"}
    failed = {clause_id for clause_id, clause in found.items() if clause.outcome == "failed"}
    assert failed == receiving, {clause_id: found[clause_id].detail for clause_id in failed ^ receiving}
    blocked = {clause_id: clause.blocked_by for clause_id, clause in found.items() if clause.outcome == "blocked"}
    assert {"STATE-12", "RECV-5", "ITER-3", "ERR-1"} <= set(blocked), blocked
    assert all(set(by) <= receiving for by in blocked.values()), blocked
    assert all("did not finish within" not in clause.detail for clause in found.values())


def test_a_close_that_receives_first_blocks_raw_2_by_close_10() -> None:
    found = outcomes("tests.bindings.precise_close_first_receives", "CLOSE", "RAW-2", "STATE-2")
    assert verdicts(found, "CLOSE-10", "RAW-2") == {"CLOSE-10": "failed", "RAW-2": "passed"}
    assert found["STATE-2"].blocked_by == ("CLOSE-10",), found["STATE-2"].detail
    # A refused close() before accept() takes the message as every close() there does, and a
    # valid one after it awaits past the peer's script: what close() receives is CLOSE-10's.
    for clause_id in ("CLOSE-8", "CLOSE-11", "CLOSE-12", "CLOSE-14", "CLOSE-15"):
        assert found[clause_id].outcome == "blocked", (clause_id, found[clause_id].detail)
        assert found[clause_id].blocked_by == ("CLOSE-10",), (clause_id, found[clause_id].blocked_by)
    failed = {clause_id for clause_id, clause in found.items() if clause.outcome == "failed"}
    assert failed == {"CLOSE-10"}, {clause_id: found[clause_id].detail for clause_id in failed}


def test_a_receive_bytes_of_another_type_blocks_iter_1_by_recv_2() -> None:
    found = outcomes("tests.bindings.precise_iter_bytes_follows_receive_bytes", "RECV-2", "ITER-1")
    assert found["RECV-2"].outcome == "failed"
    assert (found["ITER-1"].outcome, found["ITER-1"].blocked_by) == ("blocked", ("RECV-2",))


# -- one message too many, and a disconnect outside Exception: each is one clause's ---------------


def test_a_send_text_sending_twice_fails_send_1_and_blocks_the_refusals() -> None:
    found = outcomes("tests.bindings.precise_send_text_sends_twice", "SEND")
    assert verdicts(found, "SEND-1", "SEND-5", "SEND-6") == {
        "SEND-1": "failed",
        "SEND-5": "blocked",
        "SEND-6": "blocked",
    }
    assert found["SEND-6"].blocked_by == ("SEND-1",), found["SEND-6"].detail


def test_a_disconnect_that_is_no_exception_fails_exc_1_alone() -> None:
    found = outcomes("tests.bindings.precise_disconnect_not_an_exception", "EXC", "RECV", "ITER", "STATE")
    assert found["EXC-1"].outcome == "failed"
    failed = {clause for clause, outcome in found.items() if outcome.outcome == "failed"}
    assert failed == {"EXC-1"}, {clause: found[clause].detail for clause in failed}
    assert found["STATE-14"].blocked_by == ("EXC-1",), found["STATE-14"].detail


def test_an_iterator_raising_at_the_disconnect_fails_iter_2_alone() -> None:
    found = outcomes("tests.bindings.precise_iter_text_raises_at_the_end", "ITER")
    assert verdicts(found, "ITER-1", "ITER-2") == {"ITER-1": "passed", "ITER-2": "failed"}, found["ITER-1"].detail
