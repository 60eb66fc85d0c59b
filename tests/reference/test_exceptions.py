"""EXC: what the reference's exceptions do beyond SPEC.md (conformance/suite/test_exc.py has the clauses)."""

from __future__ import annotations

import pickle

import pytest

from wsproto_api.reference import WebSocketDisconnect


@pytest.mark.clause("EXC-1")
@pytest.mark.parametrize("exc", [WebSocketDisconnect(), WebSocketDisconnect(4001, "bye"), WebSocketDisconnect(1006)])
def test_disconnect_pickles(exc: WebSocketDisconnect) -> None:
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is type(exc)
    assert (copy.code, copy.reason) == (exc.code, exc.reason)
