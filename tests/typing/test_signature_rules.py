"""The SIG comparison of the suite, rule by rule as SPEC.md's SIG section states them."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

import pytest

from conformance.suite.test_sig import allowed_calls, check_calls_taken, difference


def signature(function: Callable[..., object]) -> inspect.Signature:
    return inspect.signature(function)


def contract(a: int, b: int = 1, *, c: int = 2, **params: object) -> None: ...


def plain(a: int, b: int = 1) -> None: ...


def varargs(*args: object) -> None: ...


@pytest.mark.parametrize(
    ("expected", "seen", "problem"),
    [
        # Positional parameters: order, name, kind and default.
        (plain, lambda a, b=1: None, None),
        (plain, lambda b, a=1: None, "positional parameter 1 is 'b', not 'a'"),
        (plain, lambda a, /, b=1: None, "'a' is positional-only"),
        (plain, lambda a, b=2: None, "'b' has the default 2, not the default 1"),
        (plain, lambda a, b=True: None, "'b' has the default True, not the default 1"),
        (plain, lambda a, b=1.0: None, "'b' has the default 1.0, not the default 1"),
        (plain, lambda a, b: None, "'b' has no default, not the default 1"),
        (plain, lambda a: None, "no positional parameter 'b'"),
        # Extra parameters need a default, or must be variadic.
        (plain, lambda a, b=1, c=3: None, None),
        (plain, lambda a, b=1, *rest, **more: None, None),
        (plain, lambda a, b=1, c=None, *, d: None, "the extra parameter 'd' has no default"),
        # Keyword-only parameters by name, with their default; **kwargs under any name.
        (contract, lambda a, b=1, *, c=2, **kw: None, None),
        (contract, lambda a, b=1, *, c=3, **kw: None, "'c' has the default 3, not the default 2"),
        (contract, lambda a, b=1, **kw: None, "no keyword-only parameter 'c'"),
        (contract, lambda a, b=1, *, c=2: None, "no **kwargs parameter"),
        (
            contract,
            lambda a, b=1, *, c=2, d=4, **kw: None,
            "the extra parameter 'd' takes a keyword meant for **kwargs",
        ),
        (varargs, lambda *anything: None, None),
        (varargs, lambda: None, "no *args parameter"),
    ],
)
def test_difference_follows_the_sig_rules(
    expected: Callable[..., object], seen: Callable[..., object], problem: str | None
) -> None:
    found = difference(signature(expected), signature(seen))
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert found.startswith(problem), found


def test_allowed_calls_give_each_parameter_by_position_by_keyword_or_not_at_all() -> None:
    calls = allowed_calls(signature(lambda x, y=1, **params: None))
    # x: position or keyword; y: position (only after x's), keyword or left out; **params: the keyword a or none.
    assert len(calls) == 5 * 2
    assert ((), ("x", "y")) in calls
    assert (("y",), ("x",)) not in calls
    assert (("x",), ("y", "a")) in calls
    assert (("x", "y"), ()) in calls


def _with_signature(function: Callable[..., object], shown: Callable[..., object]) -> Callable[..., object]:
    function.__signature__ = inspect.signature(shown)  # type: ignore[attr-defined]
    return function


@pytest.mark.parametrize(
    ("callable_", "taken"),
    [
        (lambda a, b=1: None, True),
        # A wrapper that keeps the signature inspect reads and forwards every call.
        (functools.wraps(plain)(lambda *args, **kwargs: plain(*args, **kwargs)), True),
        # The same wrapper forwarding positions only; then one whose own parameters are fewer.
        (functools.wraps(plain)(lambda *args: plain(*args)), False),
        (_with_signature(lambda a, b: None, plain), False),
        # An error that names the callable by a qualified name such as "<lambda>" or "f.<locals>.g".
        (_with_signature(lambda a, /, b=1: None, plain), False),
    ],
)
def test_check_calls_taken_fails_a_call_the_callable_cannot_take(callable_: Callable[..., object], taken: bool) -> None:
    def check() -> None:
        check_calls_taken(lambda: callable_, "f", signature(plain), lambda: {"a": 0, "b": 1})

    if taken:
        check()
    else:
        with pytest.raises(AssertionError, match="a call it allows, was not taken"):
            check()
