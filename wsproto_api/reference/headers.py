"""Request headers: an immutable, case-insensitive multidict (SPEC.md, HDR)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

__all__ = ["Headers"]


def _wire_name(key: object) -> bytes | None:
    """``key`` as the bytes a header name is compared in, if it can be one.

    Field names are ASCII tokens, so only ASCII letters are folded (``bytes.lower``).
    """
    if not isinstance(key, str):
        return None
    try:
        return key.encode("latin-1").lower()
    except UnicodeEncodeError:
        return None


def _folded_name(header: tuple[bytes, bytes]) -> bytes:
    return header[0].lower()


class Headers(Mapping[str, str]):
    """Headers as ``str``, looked up without regard to case (HDR-1 to HDR-6).

    ``headers[name]`` is the first value; ``getlist`` gives them all. ``keys()``,
    ``values()`` and ``items()`` are lists with one entry per header, duplicates included.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: Iterable[tuple[bytes, bytes]] = ()) -> None:
        self._raw: list[tuple[bytes, bytes]] = list(raw)

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """A new list of the ``(name, value)`` byte pairs, in order (HDR-6)."""
        return list(self._raw)

    def getlist(self, key: str) -> list[str]:
        """Every value of header ``key``, in order; ``[]`` when absent (HDR-3)."""
        wanted = _wire_name(key)
        # ASGI lets servers keep the client's case, so the scope's names are lowered too (HDR-2).
        return [value.decode("latin-1") for name, value in self._raw if name.lower() == wanted]

    def __getitem__(self, key: str) -> str:
        wanted = _wire_name(key)
        for name, value in self._raw:
            if name.lower() == wanted:
                return value.decode("latin-1")
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        wanted = _wire_name(key)
        return any(name.lower() == wanted for name, _ in self._raw)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._raw)

    # The spec asks for lists with every header, duplicates included (HDR-4), where a
    # plain Mapping would give views of distinct keys.
    def keys(self) -> list[str]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every header name, duplicates included, in order (HDR-4)."""
        return [name.decode("latin-1") for name, _ in self._raw]

    def values(self) -> list[str]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every header value, in order (HDR-4)."""
        return [value.decode("latin-1") for _, value in self._raw]

    def items(self) -> list[tuple[str, str]]:  # type: ignore[override]  # pyright: ignore[reportIncompatibleMethodOverride]
        """Every ``(name, value)`` pair, in order (HDR-4)."""
        return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in self._raw]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Headers):
            return NotImplemented
        # Values keep their order within a name: it decides which value headers[name] gives.
        return sorted(self._raw, key=_folded_name) == sorted(other._raw, key=_folded_name)

    __hash__ = None  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.items()!r})"
