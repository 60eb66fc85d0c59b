"""EXC: exceptions."""

from __future__ import annotations

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.suite.payloads import OwnKind

pytestmark = pytest.mark.anyio


class _Missing:
    """What ``code_and_reason`` gives for an attribute the exception lacks, shown as such in a failure."""

    def __repr__(self) -> str:
        return "<no such attribute>"


_MISSING = _Missing()


def code_and_reason(error: BaseException) -> tuple[object, object]:
    return getattr(error, "code", _MISSING), getattr(error, "reason", _MISSING)


@pytest.mark.clause("EXC-1")
def test_disconnect_is_an_exception(binding: Binding) -> None:
    cls = binding.WebSocketDisconnect
    expect.true(issubclass(cls, Exception), "WebSocketDisconnect to be a subclass of Exception", cls.__mro__)


@pytest.mark.clause("EXC-1")
def test_disconnect_defaults(binding: Binding) -> None:
    error = binding.WebSocketDisconnect()
    expect.equal(code_and_reason(error), (1000, ""), "(code, reason) of WebSocketDisconnect()")


@pytest.mark.clause("EXC-1")
@pytest.mark.parametrize(
    ("args", "kwargs", "expected"),
    [
        ((1001,), {}, (1001, "")),
        ((1001, "going away"), {}, (1001, "going away")),
        ((), {"code": 4000, "reason": "custom"}, (4000, "custom")),
        ((), {"reason": "only reason"}, (1000, "only reason")),
        ((), {"code": 1012}, (1012, "")),
        ((1011, None), {}, (1011, "")),
        ((), {"code": 1006, "reason": None}, (1006, "")),
        ((3000, ""), {}, (3000, "")),
        ((1000, "é ☃"), {}, (1000, "é ☃")),
        # Whitespace is part of a reason, not to be stripped.
        ((1001, "  going away \t"), {}, (1001, "  going away \t")),
        # A (str, Enum) member is the text it holds ("own kind"); str() of it is its name.
        ((1001, OwnKind.TEXT), {}, (1001, "own kind")),
        # What close() may not send (CLOSE-11, CLOSE-14) an exception still holds: it reports a
        # close, with the code a server gives when the client sent none, or an application's own reason.
        ((1005,), {}, (1005, "")),
        ((1015, "TLS handshake failed"), {}, (1015, "TLS handshake failed")),
        ((4000, "a" * 200), {}, (4000, "a" * 200)),
    ],
)
def test_disconnect_keeps_code_and_reason(
    binding: Binding, args: tuple[object, ...], kwargs: dict[str, object], expected: tuple[int, str]
) -> None:
    error = binding.WebSocketDisconnect(*args, **kwargs)
    call = ", ".join([*map(repr, args), *(f"{key}={value!r}" for key, value in kwargs.items())])
    expect.equal(code_and_reason(error), expected, f"(code, reason) of WebSocketDisconnect({call})")


@pytest.mark.clause("EXC-1")
def test_disconnect_is_raised_and_caught_as_exception(binding: Binding) -> None:
    # Built before the try: a constructor that cannot take the call is SIG-8's failure (the
    # suite blocks the test by it), not an exception caught as this one.
    disconnect = binding.WebSocketDisconnect(1001, "bye")
    caught: BaseException | None = None
    try:
        raise disconnect
    except Exception as error:  # the clause: it is caught as an Exception
        caught = error
    except BaseException as error:
        caught = error
        raise AssertionError(f"expected WebSocketDisconnect caught as an Exception, saw {error!r}") from error
    expect.true(isinstance(caught, binding.WebSocketDisconnect), "the WebSocketDisconnect raised", caught)
    assert caught is not None
    expect.equal(code_and_reason(caught), (1001, "bye"), "(code, reason) of the caught exception")


@pytest.mark.clause("EXC-2")
def test_disconnected_is_a_runtime_error(binding: Binding) -> None:
    # The suite runs this test only where the binding exports WebSocketDisconnected (feature disconnected-error).
    cls = binding.WebSocketDisconnected
    if cls is None:
        raise AssertionError("expected the binding to export WebSocketDisconnected, saw no such name")
    expect.true(issubclass(cls, RuntimeError), "WebSocketDisconnected to be a subclass of RuntimeError", cls.__mro__)
