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

_EXTRA: Final = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_OWN_EXTRAS: Final = re.compile(r"\[([^\]]*)\]")


def _normal(name: str) -> str:
    """A distribution or extra name as PyPA compares it: lower case, runs of ``-_.`` as one ``-``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def listed_by(extra: str, _seen: frozenset[str] = frozenset()) -> list[str]:
    """The distributions that ``extra`` lists, its own extras' included, by name.

    A requirement whose marker says more than which extra it belongs to (a Python version, a
    platform) is left out: whether it applies here is not told from its text alone.
    """
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        # Imported from a source tree that pip never installed: there is no list to read.
        return []
    names: list[str] = []
    for requirement in requirements:
        specifier, _, marker = requirement.partition(";")
        extras = [_normal(found) for found in _EXTRA.findall(marker)]
        name = _NAME.match(specifier.strip())
        if _normal(extra) not in extras or name is None or _EXTRA.sub("", marker).strip(" ()orOR"):
            continue
        own_extras = _OWN_EXTRAS.search(specifier)
        if _normal(name[0]) != _normal(DISTRIBUTION):
            names.append(name[0])
        elif own_extras is not None:
            for inner in own_extras[1].split(","):
                if _normal(inner) not in _seen:
                    names += listed_by(inner.strip(), _seen | {_normal(extra)})
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
