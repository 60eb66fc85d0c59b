"""Whether the distributions an extra of the installed package names are installed.

The package's own metadata is the one list of what each tier needs (``pyproject.toml``'s
optional dependencies, as pip installed them), so the command line can say what is missing
before a run starts instead of a child process failing on an import halfway.
"""

from __future__ import annotations

import re
from importlib import metadata
from typing import Final

__all__ = ["DISTRIBUTION", "listed_by", "missing_for"]

DISTRIBUTION: Final = "wsproto-api"
"""The distribution this package is installed as."""

_EXTRA_MARKER: Final = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def listed_by(extra: str) -> list[str]:
    """The distributions that ``extra`` lists, its own extras' included, by name."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        # Imported from a source tree that pip never installed: there is no list to read.
        return []
    names: list[str] = []
    for requirement in requirements:
        specifier, _, marker = requirement.partition(";")
        found = _EXTRA_MARKER.search(marker)
        name = _NAME.match(specifier.strip())
        if found is None or found[1] != extra or name is None:
            continue
        own_extras = re.search(r"\[([^\]]*)\]", specifier)
        if name[0] == DISTRIBUTION and own_extras is not None:
            names += [n for inner in own_extras[1].split(",") for n in listed_by(inner.strip())]
        else:
            names.append(name[0])
    return names


def missing_for(extra: str) -> list[str]:
    """The distributions that ``extra`` needs and that are not installed, in the order it lists them."""
    missing: list[str] = []
    for name in dict.fromkeys(listed_by(extra)):
        try:
            metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(name)
    return missing
