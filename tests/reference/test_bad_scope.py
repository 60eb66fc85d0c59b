"""CONN-8: the reference's checks of the scope's types beyond the suite's malformed scopes.

conformance/suite/test_conn.py checks the malformed scopes CONN-8 lists; these check that
the reference also refuses a server or client whose host or port has the wrong type.
"""

from __future__ import annotations

from typing import Any

import pytest

from conformance.peer import make_scope
from wsproto_api.reference import WebSocket

SCOPE_ERRORS = (ValueError, TypeError)
"""CONN-8: the error for a malformed scope is a ValueError or a TypeError."""


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize(
    "value", [(80, "10.0.0.1"), ("10.0.0.1", "8001"), ("10.0.0.1", 80.0), ("10.0.0.1", b"80")], ids=repr
)
def test_server_with_a_host_or_port_of_the_wrong_type_names_server(value: Any) -> None:
    ws = WebSocket(make_scope(headers=[], server=value))
    with pytest.raises(SCOPE_ERRORS, match=r"\bserver\b"):
        _ = ws.url


@pytest.mark.clause("CONN-8")
@pytest.mark.parametrize("value", [("203.0.113.5", "51000"), ("203.0.113.5", 51000.0)], ids=repr)
def test_client_with_a_port_that_is_not_an_int_names_client(value: Any) -> None:
    ws = WebSocket(make_scope(client=value))
    with pytest.raises(SCOPE_ERRORS, match=r"\bclient\b"):
        _ = ws.client
