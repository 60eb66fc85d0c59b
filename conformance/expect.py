"""Assertions that say what SPEC.md expected and what the implementation did.

The first failure message of a clause is what a backend author reads in the report, so
every check here fails with ``<what>: expected <x>, saw <y>``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Final, cast

from conformance.builtin_values import DICT_ITEMS, LIST_ITEMS, TUPLE_ITEMS
from conformance.peer import Peer
from wsproto_api.asgi import Message

__all__ = [
    "Judged",
    "Raised",
    "asgi_equivalent",
    "asgi_typed",
    "equal",
    "json_kinds",
    "passed_on",
    "raises",
    "same",
    "sent",
    "sent_types",
    "shown",
    "true",
]


class Judged(Exception):
    """Ends a test early, as a pass: what its clause asks has been checked.

    The rest of the body checks another clause's rule: a refusal test judged for ERR-1
    stops once the error's class is known. The suite's runner takes it as a pass.
    """


_DEFAULTS: Final[dict[str, dict[str, object]]] = {
    "websocket.accept": {"subprotocol": None, "headers": []},
    "websocket.close": {"code": 1000, "reason": ""},
    "websocket.http.response.start": {"headers": [], "trailers": False},
    "websocket.http.response.body": {"body": b"", "more_body": False},
}
"""The keys ASGI makes optional in each message the application sends, at their defaults."""


def asgi_equivalent(message: object) -> object:
    """``message`` in one canonical form, so that two messages ASGI treats alike compare equal.

    Optional keys are filled in at their defaults, a ``reason`` of ``None`` is ``""``, and a
    ``websocket.send`` key that holds ``None`` is left out. Header pairs given as lists or
    as tuples need nothing here: :func:`same` compares both by their items.
    """
    if not isinstance(message, dict):
        return message
    canonical = dict(cast("dict[str, object]", message))
    kind = canonical.get("type")
    for key, default in _DEFAULTS.get(str(kind), {}).items():
        canonical.setdefault(key, default)
    if kind == "websocket.close" and canonical["reason"] is None:
        canonical["reason"] = ""
    if kind == "websocket.send":
        canonical = {key: value for key, value in canonical.items() if value is not None}
    return canonical


_SCALARS: Final = (str, bytes, int, float)
"""Types whose instances the suite compares by value, whatever subclass holds the value."""

_CONVERSIONS: Final[dict[type, Callable[[object], object]]] = {
    str: str,
    bytes: cast("Callable[[object], object]", bytes),
    int: cast("Callable[[object], object]", int),
    float: cast("Callable[[object], object]", float),
    bool: cast("Callable[[object], object]", int),
}
"""How a value of another type is read as each scalar type expected: ``str(url)``, ``int(np.int64(7))``."""


def _value(seen: object) -> object:
    """``seen`` as an instance of exactly its built-in type, where it is one of a subclass.

    Python asks a subclass's ``__eq__`` first, on either side of ``==``: a ``str`` subclass
    whose ``__eq__`` always says yes would equal any text the suite expects. A ``dict``,
    ``list`` or ``tuple`` subclass is read by the built-in type's own methods.
    """
    if isinstance(seen, str):
        return str.__str__(seen)
    if isinstance(seen, bytes):
        return bytes.__bytes__(seen)
    if isinstance(seen, int) and not isinstance(seen, bool):
        return int.__int__(seen)
    if isinstance(seen, float):
        return float.__float__(seen)
    if isinstance(seen, dict):
        return dict(DICT_ITEMS(cast("dict[object, object]", seen)))
    if isinstance(seen, list):
        return list(LIST_ITEMS(cast("list[object]", seen)))
    if isinstance(seen, tuple):
        return tuple(TUPLE_ITEMS(cast("tuple[object, ...]", seen)))
    return seen


def same(seen: object, expected: object) -> bool:
    """Whether ``seen`` is ``expected`` as SPEC.md compares values: scalars by value, containers by their items.

    Neither side's ``__eq__`` decides alone, since one could say yes to anything, and the
    expected value may come from the binding too. Each side that is a subclass of a built-in
    type is read as that type. Where a ``str``, ``bytes``, ``int``, ``float`` or ``bool`` is
    expected, a value of another type (a URL class that equals its text, a ``Decimal``) must
    also convert to it (``str(url)``, ``int(...)``); ``None`` is compared by identity; a
    ``dict`` by its items, with any mapping; a ``list`` or ``tuple`` by its items in order,
    with any sequence but text. Any other expected value is compared with ``==``. A
    comparison that raises is not equal.
    """
    try:
        return _same(seen, _value(expected))
    except Exception:  # the binding's __eq__, len or items raised: not the value expected
        return False


def _same(seen: object, expected: object) -> bool:
    kind = type(expected)
    if kind in _CONVERSIONS:
        return _same_scalar(seen, expected, _CONVERSIONS[kind])
    if expected is None:
        return seen is None
    if kind is dict:
        return _same_mapping(seen, cast("dict[object, object]", expected))
    if kind is list or kind is tuple:
        return _same_sequence(seen, cast("Sequence[object]", expected))
    return bool(seen == expected)


def _same_scalar(seen: object, expected: object, convert: Callable[[object], object]) -> bool:
    if type(seen) in _SCALARS or isinstance(seen, bool):
        return bool(seen == expected)
    if isinstance(seen, _SCALARS):
        return bool(_value(seen) == expected)
    # Another type, such as a URL class that equals its text: equal, and equal once converted.
    return bool(_value(convert(seen)) == expected) and bool(seen == expected)


def _same_mapping(seen: object, expected: dict[object, object]) -> bool:
    if isinstance(seen, dict):
        pairs = list(DICT_ITEMS(cast("dict[object, object]", seen)))
    elif isinstance(seen, Mapping):
        pairs = list(cast("Mapping[object, object]", seen).items())
    else:
        return False
    if len(pairs) != len(expected):
        return False
    found = {_value(key): value for key, value in pairs}
    wanted = {_value(key): _value(value) for key, value in expected.items()}
    return len(found) == len(wanted) == len(expected) and all(
        key in found and _same(found[key], value) for key, value in wanted.items()
    )


def _same_sequence(seen: object, expected: Sequence[object]) -> bool:
    if isinstance(seen, (list, tuple)):
        items = cast("Sequence[object]", _value(cast(object, seen)))
    elif isinstance(seen, Sequence) and not isinstance(seen, (str, bytes, bytearray)):
        items = cast("Sequence[object]", seen)
    else:
        return False
    # The lengths first: a huge sequence against a short one is not copied or walked.
    if len(items) != len(expected):
        return False
    return all(_same(item, _value(want)) for item, want in zip(items, expected, strict=True))


SHOWN_CHARACTERS: Final = 600
"""How much of a value's ``repr`` a failure message shows: a payload of a megabyte is shown by its two ends."""


def shown(value: object) -> str:
    """``repr(value)`` for a failure message, its middle left out where it is longer than ``SHOWN_CHARACTERS``."""
    text = repr(value)
    if len(text) <= SHOWN_CHARACTERS:
        return text
    half = SHOWN_CHARACTERS // 2
    return f"{text[:half]} ... {text[-half:]} (a repr of {len(text):,} characters)"


def equal(seen: object, expected: object, what: str) -> None:
    """Fail unless ``seen`` equals ``expected`` as values (SPEC.md's conventions; see :func:`same`)."""
    if not same(seen, expected):
        raise AssertionError(f"{what}: expected {shown(expected)}, saw {shown(seen)}")


def true(condition: bool, what: str, seen: object) -> None:
    """Fail unless ``condition`` holds; ``what`` states the expectation, ``seen`` the fact."""
    if not condition:
        raise AssertionError(f"expected {what}, saw {shown(seen)}")


def sent(peer: Peer, expected: Sequence[Message], what: str = "messages sent to the peer") -> None:
    """Fail unless the peer's ``send`` was awaited with messages ASGI treats as ``expected``, in order.

    Messages compare as ASGI defines them (SPEC.md's conventions): see :func:`asgi_equivalent`.
    """
    seen = [asgi_equivalent(message) for message in peer.sent]
    wanted = [asgi_equivalent(message) for message in expected]
    if not same(seen, wanted) or not asgi_typed(seen, wanted):
        raise AssertionError(f"{what}: expected {shown(list(expected))} or an ASGI equivalent, saw {shown(peer.sent)}")


_ASGI_TYPES: Final[tuple[type, ...]] = (str, bytes, int)
"""The types ASGI gives a message's values (a text, bytes, a code or status): a value that only
equals one (``1000.0``, a ``memoryview``, a ``UserString``) is not what a server can send."""


def asgi_typed(seen: Sequence[object], wanted: Sequence[object]) -> bool:
    """Whether each value of the messages ``seen`` is of the ASGI type of the value ``wanted`` in its place.

    Both are lists of messages in :func:`asgi_equivalent`'s form that :func:`same` found alike;
    lists and tuples (header pairs) are followed into.
    """
    return all(_typed(message, model) for message, model in zip(seen, wanted, strict=False))


def _typed(given: object, model: object) -> bool:
    kind = next((kind for kind in _ASGI_TYPES if type(model) is kind), None)
    if kind is not None:
        return isinstance(given, kind) and not isinstance(given, bool)
    if isinstance(model, Mapping) and isinstance(given, Mapping):
        found = cast("Mapping[object, object]", given)
        return all(_typed(found.get(key), value) for key, value in cast("Mapping[object, object]", model).items())
    if isinstance(model, (list, tuple)) and isinstance(given, (list, tuple)):
        items = cast("Sequence[object]", given)
        return all(_typed(item, value) for item, value in zip(items, cast("Sequence[object]", model), strict=False))
    return True


def _json_kind(value: object) -> str:
    """Which JSON value ``value`` stands for: ``true``/``false``, an integer, a number, a string, ``null``, or none."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "null" if value is None else "other"


def json_kinds(seen: object, expected: object, what: str) -> None:
    """Fail unless each JSON number, string, boolean and null in ``seen`` is of ``expected``'s kind in its place.

    ``7 == 7.0`` and ``True == 1``, so equality alone would let a wrong JSON type through, at
    the top or inside an array or object; container types are not judged (SPEC.md's
    conventions compare them by their items), and a container is read by the built-in
    type's own methods, as ``expect.same`` reads it. ``seen`` was found equal to ``expected``.
    """
    if isinstance(expected, dict):
        found = dict(DICT_ITEMS(cast("dict[object, object]", seen))) if isinstance(seen, dict) else None
        if found is None and isinstance(seen, Mapping):
            found = dict(cast("Mapping[object, object]", seen).items())
        for key, value in cast("dict[object, object]", expected).items():
            json_kinds((found or {}).get(key), value, f"{what}[{key!r}]")
    elif isinstance(expected, list):
        items = list(LIST_ITEMS(cast("list[object]", seen))) if isinstance(seen, list) else None
        if items is None and isinstance(seen, Sequence) and not isinstance(seen, (str, bytes)):
            items = list(cast("Sequence[object]", seen))
        for index, value in enumerate(cast("list[object]", expected)):
            item = items[index] if items is not None and index < len(items) else None
            json_kinds(item, value, f"{what}[{index}]")
    else:
        equal(_json_kind(seen), _json_kind(expected), f"JSON type of {what}")


def sent_types(peer: Peer, types: Sequence[str], what: str) -> None:
    """Fail unless the peer's ``send`` got messages of these ``type``s, in order; other keys are other clauses'."""
    equal([message.get("type") for message in peer.sent], list(types), what)


def passed_on(peer: Peer, messages: Sequence[Message], what: str) -> None:
    """Fail unless the peer's ``send`` was awaited with the very objects ``messages``, in order, unchanged."""
    given = peer.sent_objects
    identical = len(given) == len(messages) and all(a is b for a, b in zip(given, messages, strict=True))
    if not identical:
        raise AssertionError(f"{what}: expected the very objects {shown(list(messages))}, uncopied, saw {shown(given)}")


@dataclass
class Raised:
    """What a :func:`raises` block caught, for checks on the exception itself."""

    error: BaseException | None = field(default=None)

    @property
    def value(self) -> BaseException:
        """The exception caught."""
        if self.error is None:
            raise AssertionError("the block has not raised yet")
        return self.error


def _names(types: tuple[type[BaseException], ...]) -> str:
    return " or ".join(t.__name__ for t in types)


@contextmanager
def raises(*types: type[BaseException], what: str, mentioning: Sequence[str] = ()) -> Generator[Raised]:
    """Fail unless the block raises one of ``types`` whose message contains every word of ``mentioning``.

    ``what`` names the action, as in ``"send_text() before accept()"``.
    """
    raised = Raised()
    try:
        yield raised
    except types as error:
        raised.error = error
        message = str(error)
        missing = [word for word in mentioning if word not in message]
        if missing:
            raise AssertionError(
                f"{what}: expected {_names(types)} whose message mentions {missing!r}, saw {error!r}"
            ) from error
        return
    except Exception as error:
        raise AssertionError(f"{what}: expected {_names(types)}, saw {type(error).__name__}: {error}") from error
    raise AssertionError(f"{what}: expected {_names(types)}, nothing was raised")
