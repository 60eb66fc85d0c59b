"""The deviations file: the clauses, or whole features, a backend knowingly fails.

One entry a line: a clause ID, or the name of one of SPEC.md's features, which stands for
every clause of that feature; ``#`` starts a comment, and blank lines are ignored. An entry
that SPEC.md does not define is an error, so that a typo cannot hide a failure.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

__all__ = ["DeviationsError", "read_deviations", "read_tier_deviations"]


class DeviationsError(Exception):
    """The deviations file cannot be used; the message names the file, the line and the problem."""


def read_deviations(
    path: Path,
    known: Collection[str],
    features: Mapping[str, Sequence[str]] | None = None,
    retired: Mapping[str, str] | None = None,
) -> frozenset[str]:
    """The clause IDs listed in ``path``, each checked against ``known``.

    ``features`` maps each feature's name to its clauses, for entries that name a feature;
    ``retired`` (SPEC.md's retired IDs) says what replaced an entry that is no longer a clause.
    """
    features = features or {}
    retired = retired or {}
    try:
        # utf-8-sig: an editor that saves UTF-8 with a byte-order mark would glue it to the first entry.
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise DeviationsError(f"cannot read deviations file {str(path)!r}: {error}") from None
    listed: set[str] = set()
    entries: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.partition("#")[0].strip()
        if not entry:
            continue
        if entry in entries:
            raise DeviationsError(f"{path}:{number}: {entry} is listed twice")
        entries.add(entry)
        if entry in features:
            listed.update(features[entry])
        elif entry in known:
            listed.add(entry)
        elif entry in retired:
            raise DeviationsError(f"{path}:{number}: {entry} is retired, {retired[entry]}")
        else:
            raise DeviationsError(f"{path}:{number}: {entry!r} is neither a clause nor a feature of SPEC.md")
    return frozenset(listed)


def read_tier_deviations(
    path: Path,
    known: Collection[str],
    tier: Collection[str],
    features: Mapping[str, Sequence[str]] | None = None,
    retired: Mapping[str, str] | None = None,
) -> frozenset[str]:
    """The clauses of one tier (``tier``) that ``path`` lists; its other entries are other tiers'.

    One file serves every tier, so every entry is still checked against all of ``known``.
    """
    return read_deviations(path, known, features, retired) & frozenset(tier)
