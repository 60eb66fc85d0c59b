"""The deviations file: the clauses a backend knowingly fails.

One clause ID a line; ``#`` starts a comment, and blank lines are ignored. An ID that
SPEC.md does not define is an error, so that a typo cannot hide a failure.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

__all__ = ["DeviationsError", "read_deviations", "read_tier_deviations"]


class DeviationsError(Exception):
    """The deviations file cannot be used; the message names the file, the line and the problem."""


def read_deviations(path: Path, known: Collection[str]) -> frozenset[str]:
    """The clause IDs listed in ``path``, each checked against ``known``."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DeviationsError(f"cannot read deviations file {str(path)!r}: {error}") from None
    listed: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.partition("#")[0].strip()
        if not entry:
            continue
        if entry not in known:
            raise DeviationsError(f"{path}:{number}: {entry!r} is not a clause of SPEC.md")
        if entry in listed:
            raise DeviationsError(f"{path}:{number}: {entry} is listed twice")
        listed.add(entry)
    return frozenset(listed)


def read_tier_deviations(path: Path, known: Collection[str], tier: Collection[str]) -> frozenset[str]:
    """The clauses of one tier (``tier``) that ``path`` lists; its other entries are other tiers'.

    One file serves every tier, so every entry is still checked against all of ``known``.
    """
    return read_deviations(path, known) & frozenset(tier)
