"""The words of the reference's refusals: Starlette 1.10's sentence first, then the reference's hint.

The reference drops in for ``starlette.websockets.WebSocket``, and an application's tests may
match a refusal by Starlette's message (``pytest.raises(RuntimeError, match=...)``). So where
Starlette 1.10 refuses the same misuse, the reference's message is Starlette's sentence,
verbatim, and then, where the reference has more to say, ``with_hint``'s parenthesised hint.
``tests/reference/test_dropin_messages.py`` runs each misuse against both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

__all__ = [
    "BAD_JSON_MODE",
    "NOT_ACCEPTED",
    "NO_DENIAL_EXTENSION",
    "RECEIVE_AFTER_DISCONNECT",
    "SEND_AFTER_CLOSE",
    "unexpected_message",
    "with_hint",
]

NOT_ACCEPTED: Final = 'WebSocket is not connected. Need to call "accept" first.'
"""A ``receive_*`` or ``iter_*`` call while ``application_state`` is not ``CONNECTED`` (RECV-4)."""

SEND_AFTER_CLOSE: Final = 'Cannot call "send" once a close message has been sent.'
"""A send after ``websocket.close`` or a whole denial response (STATE-6)."""

RECEIVE_AFTER_DISCONNECT: Final = 'Cannot call "receive" once a disconnect message has been received.'
"""A receive after ``websocket.disconnect`` (RECV-5)."""

BAD_JSON_MODE: Final = 'The "mode" argument should be "text" or "binary".'
"""``send_json`` or ``receive_json`` with another ``mode`` (JSON-5)."""

NO_DENIAL_EXTENSION: Final = "The server doesn't support the Websocket Denial Response extension."
"""``send_denial_response`` where the scope lacks the extension (DENY-3); Starlette's spelling, kept."""


def unexpected_message(allowed: Iterable[str], got: str) -> str:
    """A message of type ``got`` where only ``allowed`` may come, named in order (STATE-10, STATE-11).

    ``Expected ASGI message "a", "b" or "c", but got 'x'``, as Starlette 1.10 words it.
    """
    names = [f'"{name}"' for name in dict.fromkeys(allowed)]
    listed = names[-1] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"Expected ASGI message {listed}, but got {got!r}"


def with_hint(sentence: str, hint: str) -> str:
    """``sentence`` followed by the reference's ``hint``, in parentheses."""
    return f"{sentence} ({hint})"
