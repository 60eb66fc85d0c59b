"""Hostile bindings: the reference, except for one thing that would end or stall a run's process.

Each module's ``close()`` (or one other method) does what no test of the suite can catch:
ends its process, kills it with a signal, exhausts its memory, hangs in C code; or raises
what the suite itself raises to end a test (a skip that reads as "absent", ``Judged``). The
command line must still judge every other test, fail the one in flight, and write a complete report.
"""

from __future__ import annotations

from collections.abc import Callable

from wsproto_api.reference import WebSocket as _Reference

__all__ = ["closing_with"]


def closing_with(action: Callable[[], object]) -> type[_Reference]:
    """The reference's ``WebSocket`` whose ``close()`` first runs ``action``."""

    class WebSocket(_Reference):
        __slots__ = ()

        async def close(self, code: int = 1000, reason: str | None = None) -> None:
            action()
            await super().close(code, reason)

    return WebSocket
