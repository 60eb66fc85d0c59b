"""Assertions that say what SPEC.md expected and what the implementation did.

The first failure message of a clause is what a backend author reads in the report, so
every check here fails with ``<what>: expected <x>, saw <y>``.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from conformance.peer import Peer
from wsproto_api.asgi import Message

__all__ = ["Raised", "equal", "raises", "sent", "true"]


def equal(seen: object, expected: object, what: str) -> None:
    """Fail unless ``seen == expected``."""
    if not (seen == expected):
        raise AssertionError(f"{what}: expected {expected!r}, saw {seen!r}")


def true(condition: bool, what: str, seen: object) -> None:
    """Fail unless ``condition`` holds; ``what`` states the expectation, ``seen`` the fact."""
    if not condition:
        raise AssertionError(f"expected {what}, saw {seen!r}")


def sent(peer: Peer, expected: Sequence[Message], what: str = "messages sent to the peer") -> None:
    """Fail unless the peer's ``send`` was awaited with exactly ``expected``, in order."""
    equal(peer.sent, list(expected), what)


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
