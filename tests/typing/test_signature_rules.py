"""The SIG comparison of the suite, rule by rule as SPEC.md's SIG section states them."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from conformance.suite.test_sig import difference


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
