"""The reference's state tables (``wsproto_api/reference/state.py``) are SPEC.md's, row for row.

SPEC.md states the tables once; the reference holds them as data. This test reads SPEC.md's
receiving, sending and failed-sends tables and requires the reference's to be the same, so
that neither can change alone: the moves (``CLIENT_TRANSITIONS``, ``APPLICATION_TRANSITIONS``),
the states that refuse every call (``RECEIVE_REFUSALS``, ``SEND_REFUSALS``) and the moves of
a send the peer failed (``FAILED_SENDS``). The stateful test's model (``tests/state_model.py``)
is held to the same moves. The suite keeps its own expectations, written out from SPEC.md's
text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import pytest

from conformance.spec import SPEC_PATH
from tests import state_model
from wsproto_api.reference import state

SPEC_TEXT: Final = SPEC_PATH.read_text(encoding="utf-8")
ROW: Final = re.compile(r"^\| (?P<state>[A-Z]+) \| `(?P<type>[a-z.]+)`(?P<more>[^|]*)\| (?P<next>[A-Z]+) \|$", re.M)
REFUSAL_ROW: Final = re.compile(
    r"^\| (?P<state>[A-Z]+) \| any message \| refused, with `WebSocketDisconnected` \((?P<clauses>[A-Z0-9, -]+)\) \|$",
    re.M,
)
FAILED_ROW: Final = re.compile(
    r"^\| (?P<state>[A-Z]+) \| (?P<next>[A-Z]+)(?: \((?P<clause>STATE-\d+), a SHOULD\))? \|$", re.M
)
REFUSED: Final = "refused"
"""The next state written for a row that refuses every message."""

Table = dict[tuple[str, str], str]


RECEIVING: Final = "Receiving (`client_state`):"
SENDING: Final = "Sending (`application_state`):"
FAILED_SENDS: Final = "Failed sends (`application_state`, when the peer's `send` raises an `OSError`):"


def spec_block(heading: str) -> str:
    """The lines of the table under ``heading`` in SPEC.md's STATE section."""
    start = SPEC_TEXT.index(heading)
    return SPEC_TEXT[start : SPEC_TEXT.index("\n\n", SPEC_TEXT.index("| --- |", start))]


def spec_table(heading: str) -> Table:
    """The table under ``heading``: (state, event) -> next state, or ``REFUSED`` for any message."""
    block = spec_block(heading)
    table: Table = {}
    for row in ROW.finditer(block):
        event = row["type"]
        if "with `more_body` true" in row["more"]:
            event = state.MORE_BODY
        table[(row["state"], event)] = row["next"]
    for row in REFUSAL_ROW.finditer(block):
        table[(row["state"], "any message")] = REFUSED
    return table


def reference_table(
    transitions: Mapping[state.WebSocketState, Mapping[str, state.WebSocketState]],
    refusals: Mapping[state.WebSocketState, str],
) -> Table:
    """The reference's transitions and refusing states in the same form."""
    table = {
        (current.name, event): following.name
        for current, moves in transitions.items()
        for event, following in moves.items()
    }
    return table | {(refusing.name, "any message"): REFUSED for refusing in refusals}


@pytest.mark.parametrize(
    ("heading", "transitions", "refusals"),
    [
        (RECEIVING, state.CLIENT_TRANSITIONS, state.RECEIVE_REFUSALS),
        (SENDING, state.APPLICATION_TRANSITIONS, state.SEND_REFUSALS),
    ],
    ids=["receiving", "sending"],
)
def test_reference_tables_are_the_specs(
    heading: str,
    transitions: Mapping[state.WebSocketState, Mapping[str, state.WebSocketState]],
    refusals: Mapping[state.WebSocketState, str],
) -> None:
    table = spec_table(heading)
    assert table, f"SPEC.md has no rows under {heading!r}"
    assert reference_table(transitions, refusals) == table


def test_reference_failed_sends_are_the_specs() -> None:
    rows = {row["state"]: (row["next"], row["clause"]) for row in FAILED_ROW.finditer(spec_block(FAILED_SENDS))}
    assert {current.name: failed.next_state.name for current, failed in state.FAILED_SENDS.items()} == {
        current: following for current, (following, _) in rows.items()
    }
    # STATE-14 turns the OSError into WebSocketDisconnect(1006) once connected; before, the
    # OSError itself propagates (STATE-15), in the rows STATE-8 gives.
    assert {current.name: failed.disconnect_code for current, failed in state.FAILED_SENDS.items()} == {
        current: None if clause == "STATE-8" else 1006 for current, (_, clause) in rows.items()
    }


@pytest.mark.parametrize(
    ("heading", "pattern"),
    [(RECEIVING, ROW), (SENDING, ROW), (FAILED_SENDS, FAILED_ROW)],
    ids=["receiving", "sending", "failed-sends"],
)
def test_the_row_readers_read_every_row_of_a_table(heading: str, pattern: re.Pattern[str]) -> None:
    block = spec_block(heading)
    lines = block.splitlines()
    rows = lines[next(n for n, line in enumerate(lines) if line.startswith("| --- |")) + 1 :]
    read = [*pattern.finditer(block), *(REFUSAL_ROW.finditer(block) if pattern is ROW else ())]
    assert len(read) == len(rows), f"rows under {heading!r} that no reader reads"


def test_the_row_reader_tells_a_body_chunk_from_the_last() -> None:
    sending = spec_table(SENDING)
    assert sending[("RESPONSE", state.MORE_BODY)] == "RESPONSE"
    assert sending[("RESPONSE", "websocket.http.response.body")] == "DISCONNECTED"
    assert sending[("DISCONNECTED", "any message")] == REFUSED


def model_event(event: object) -> str:
    """The state model's key for a message as SPEC.md's table writes it: a body chunk apart from the last."""
    if event == (state_model.BODY, True):
        return state.MORE_BODY
    return state_model.BODY if event == (state_model.BODY, False) else str(event)


@pytest.mark.parametrize(
    ("heading", "model"),
    [(RECEIVING, state_model.RECEIVING), (SENDING, state_model.SENDING)],
    ids=["receiving", "sending"],
)
def test_the_state_models_tables_are_the_specs(heading: str, model: Mapping[str, Mapping[object, str]]) -> None:
    # The stateful test's model keeps the moves in its own form: held to SPEC.md's, so neither changes alone.
    moves = {key: following for key, following in spec_table(heading).items() if following != REFUSED}
    assert {(current, model_event(e)): following for current, row in model.items() for e, following in row.items()} == (
        moves
    )
