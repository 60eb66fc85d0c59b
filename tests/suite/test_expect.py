"""``expect.equal`` compares as SPEC.md's conventions say, and the binding's ``__eq__`` never decides alone."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import overload

import pytest
import starlette.datastructures

from conformance import expect


class _Liar:
    """An object that says it equals whatever it is compared with."""

    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


class _LyingText(str):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = str.__hash__


class _KeyPosingAs(str):
    """A text that hashes as ``other`` and says it equals anything: a dict lookup would find ``other``."""

    def __new__(cls, text: str, other: str) -> _KeyPosingAs:
        self = super().__new__(cls, text)
        self.other = other
        return self

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return hash(self.other)


class _LyingDict(dict[str, object]):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


class _LyingList(list[object]):
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = None  # type: ignore[assignment]


class _ShowsOtherItems(list[object]):
    """A list that iterates as ``[1, 2]``, whatever it holds."""

    def __iter__(self) -> Iterator[object]:
        return iter([1, 2])


class _Raises:
    """An object whose comparison raises."""

    def __eq__(self, other: object) -> bool:
        raise ValueError("no comparison")

    __hash__ = None  # type: ignore[assignment]


class _Endless(Sequence[object]):
    """A sequence too long to walk: only its length may be read."""

    def __len__(self) -> int:
        return 10**12

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[object]: ...
    def __getitem__(self, index: int | slice) -> object:
        raise AssertionError("an item was read")


class _Pairs(Mapping[str, object]):
    """A mapping that is no ``dict``: compared by its items."""

    def __init__(self, **items: object) -> None:
        self._items = items

    def __getitem__(self, key: str) -> object:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        ("text", "text"),
        (_LyingText("text"), "text"),
        (b"\x00", b"\x00"),
        (bytearray(b"ab"), b"ab"),
        (7, 7),
        (7, 7.0),
        (Decimal(7), 7),
        (True, True),
        (1, True),
        (Decimal(1), True),
        (None, None),
        # A URL class that is no str but equals its text, as Starlette's does.
        (starlette.datastructures.URL("ws://h/p"), "ws://h/p"),
        # Containers by their items: a tuple where a list was expected, a Mapping that is no dict.
        ((1, "a"), [1, "a"]),
        ([[b"k", b"v"]], [(b"k", b"v")]),
        (_Pairs(a=1, b=[2]), {"a": 1, "b": [2]}),
        ({"é": [1, _LyingText("z")]}, {"é": [1, "z"]}),
    ],
)
def test_equal_values_pass(seen: object, expected: object) -> None:
    expect.equal(seen, expected, "value")


@pytest.mark.parametrize(
    ("seen", "expected"),
    [
        (_LyingText("other"), "text"),
        (_Liar(), "text"),
        (_Liar(), b"x"),
        (_Liar(), 7),
        (_Liar(), None),
        (_Liar(), True),
        (_Liar(), [1]),
        (_Liar(), {"a": 1}),
        (_LyingDict(), {"a": 1}),
        (_LyingList(), [True, False]),
        ({"a": _Liar()}, {"a": 1}),
        ([_LyingText("x")], ["y"]),
        (_ShowsOtherItems([3]), [1, 2]),
        ({"a": 1, "b": 2}, {"a": 1}),
        ([1, 2], [1]),
        ("ab", ["a", "b"]),
        (3, b"\x00\x00\x00"),
        ({"a": 2}, {"a": 1}),
        # The expected value may come from the binding too: its __eq__ does not decide either.
        ("garbage", _LyingText("text")),
        ([1], _LyingList()),
        ({"a": 1}, _LyingDict()),
        ({"b": 1}, {_KeyPosingAs("a", "b"): 1}),
        # A comparison that raises is not equal; a sequence of another length is not walked.
        (_Raises(), "text"),
        (_Raises(), [1]),
        (_Endless(), [1]),
    ],
)
def test_unequal_values_fail_whatever_their_eq_says(seen: object, expected: object) -> None:
    with pytest.raises(AssertionError, match=r"^value: expected "):
        expect.equal(seen, expected, "value")
