"""EXC: the exceptions a connection raises."""

from __future__ import annotations

import pickle

import pytest

from wsproto_api.reference import WebSocketDisconnect, WebSocketDisconnected


@pytest.mark.clause("EXC-1")
def test_disconnect_defaults() -> None:
    exc = WebSocketDisconnect()
    assert isinstance(exc, Exception)
    assert exc.code == 1000
    assert exc.reason == ""


@pytest.mark.clause("EXC-1")
@pytest.mark.parametrize(
    ("exc", "code", "reason"),
    [
        (WebSocketDisconnect(1001), 1001, ""),
        (WebSocketDisconnect(1001, "going away"), 1001, "going away"),
        (WebSocketDisconnect(code=4000, reason="custom"), 4000, "custom"),
        (WebSocketDisconnect(reason="only reason"), 1000, "only reason"),
        (WebSocketDisconnect(1011, None), 1011, ""),
        (WebSocketDisconnect(code=1006, reason=None), 1006, ""),
    ],
)
def test_disconnect_keeps_code_and_reason(exc: WebSocketDisconnect, code: int, reason: str) -> None:
    assert exc.code == code
    assert exc.reason == reason


@pytest.mark.clause("EXC-1")
def test_disconnect_is_raisable_and_catchable_as_exception() -> None:
    with pytest.raises(Exception) as excinfo:  # noqa: PT011
        raise WebSocketDisconnect(1001, "bye")
    assert isinstance(excinfo.value, WebSocketDisconnect)
    assert (excinfo.value.code, excinfo.value.reason) == (1001, "bye")


@pytest.mark.clause("EXC-1")
@pytest.mark.parametrize("exc", [WebSocketDisconnect(), WebSocketDisconnect(4001, "bye"), WebSocketDisconnect(1006)])
def test_disconnect_pickles(exc: WebSocketDisconnect) -> None:
    copy = pickle.loads(pickle.dumps(exc))
    assert type(copy) is type(exc)
    assert (copy.code, copy.reason) == (exc.code, exc.reason)


@pytest.mark.clause("EXC-2")
def test_disconnected_is_runtime_error() -> None:
    assert issubclass(WebSocketDisconnected, RuntimeError)
    with pytest.raises(RuntimeError):
        raise WebSocketDisconnected("closed")
