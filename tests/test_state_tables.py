"""The reference's state tables (``wsproto_api/reference/state.py``) are SPEC.md's, row for row.

SPEC.md states the tables once; the reference holds them as data. This test reads SPEC.md's
receiving and sending tables and requires the reference's to be the same, so that neither can
change alone. The suite keeps its own expectations, written out from SPEC.md's text.
"""

from __future__ import annotations

import re
from typing import Final

import pytest

from conformance.spec import SPEC_PATH
from wsproto_api.reference import state

SPEC_TEXT: Final = SPEC_PATH.read_text(encoding="utf-8")
ROW: Final = re.compile(r"^\| (?P<state>[A-Z]+) \| `(?P<type>[a-z.]+)`(?P<more>[^|]*)\| (?P<next>[A-Z]+) \|$", re.M)

Table = dict[tuple[str, str], str]


def spec_table(heading: str) -> Table:
    """The table under ``heading`` in SPEC.md's STATE section: (state, event) -> next state."""
    start = SPEC_TEXT.index(heading)
    block = SPEC_TEXT[start : SPEC_TEXT.index("\n\n", SPEC_TEXT.index("| --- |", start))]
    table: Table = {}
    for row in ROW.finditer(block):
        event = row["type"]
        if "with `more_body` true" in row["more"]:
            event = state.MORE_BODY
        table[(row["state"], event)] = row["next"]
    return table


def reference_table(transitions: object) -> Table:
    """The reference's transitions in the same form."""
    assert isinstance(transitions, dict)
    return {
        (current.name, event): following.name
        for current, moves in transitions.items()
        for event, following in moves.items()
    }


@pytest.mark.parametrize(
    ("heading", "transitions"),
    [
        ("Receiving (`client_state`):", state.CLIENT_TRANSITIONS),
        ("Sending (`application_state`):", state.APPLICATION_TRANSITIONS),
    ],
    ids=["receiving", "sending"],
)
def test_reference_tables_are_the_specs(heading: str, transitions: object) -> None:
    table = spec_table(heading)
    assert table, f"SPEC.md has no rows under {heading!r}"
    assert reference_table(transitions) == table


def test_the_row_reader_reads_every_row_of_a_table() -> None:
    sending = spec_table("Sending (`application_state`):")
    assert len(sending) == SPEC_TEXT.split("Sending (`application_state`):")[1].split("\n\n")[1].count("\n| ") - 1
    assert sending[("RESPONSE", state.MORE_BODY)] == "RESPONSE"
    assert sending[("RESPONSE", "websocket.http.response.body")] == "DISCONNECTED"
