"""What the report says beyond the runs: defects with their reproducers, and notes on differences.

A defect is written once, as its reproducer: a script in ``ecosystem/reproducers/<framework>/``
whose docstring opens with a line ``<Framework> <version>: <the defect>.``, then a blank line and
the ``clauses:``, ``breaks:`` and ``expected:`` lines; it imports only its framework and the
standard library, and its last statement asserts what the standard expects, with the actual
value as the message, so that it fails while the defect is there. Notes
(``ecosystem/notes.toml``) explain failures that are not defects, such as where ASGI itself
is ambiguous.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

__all__ = ["BREAKS", "Defect", "FindingsError", "Note", "read_defect", "read_defects", "read_notes"]

Breaks = Literal["its documentation", "ASGI", "RFC 6455"]
"""What a defect breaks: the framework's own documentation, the ASGI specification or the WebSocket protocol."""

BREAKS: Final[tuple[Breaks, ...]] = ("its documentation", "ASGI", "RFC 6455")

_SUMMARY: Final = re.compile(r"^(?P<name>\S.*?) (?P<version>\d+(?:\.\d+)+): (?P<defect>\S.*)\.$")
_FIELD: Final = re.compile(r"^(?P<key>[a-z]+): (?P<value>.*)$")
_FIELDS: Final = ("clauses", "breaks", "expected")
_CLAUSE_ID: Final = re.compile(r"^[A-Z]+-\d+$")


class FindingsError(ValueError):
    """A reproducer or a note that does not follow the format, named with what is wrong."""


@dataclass(frozen=True)
class Defect:
    """A failure that breaks a standard the framework is held to, shown by a reproducer."""

    framework: str
    summary: str
    """The docstring's first line: the framework, its version and the defect."""
    version: str
    """The framework's version the first line names."""
    clauses: tuple[str, ...]
    breaks: Breaks
    reference: str
    """Where in the standard, when the docstring says (the part after ``breaks: ASGI``), else ""."""
    expected: str
    script: Path
    """The reproducer, relative to the project root."""


@dataclass(frozen=True)
class Note:
    """A sentence the report adds to some failed clauses of one framework."""

    framework: str
    clauses: tuple[str, ...]
    text: str


def _clause_ids(text: str, where: str, known: Collection[str]) -> tuple[str, ...]:
    ids = tuple(part.strip() for part in text.split(","))
    for cid in ids:
        if not _CLAUSE_ID.match(cid) or cid not in known:
            raise FindingsError(f"{where}: {cid!r} is not a clause of SPEC.md")
    if len(set(ids)) != len(ids):
        raise FindingsError(f"{where}: clauses {text!r} names a clause twice")
    return ids


def _fields(lines: list[str], where: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        field = _FIELD.match(line)
        if field is None or field["key"] not in _FIELDS:
            raise FindingsError(f"{where}: line {line!r} is not one of the {', '.join(_FIELDS)} lines")
        if field["key"] in fields:
            raise FindingsError(f"{where}: the {field['key']} line is given twice")
        fields[field["key"]] = field["value"].strip()
    missing = [key for key in _FIELDS if not fields.get(key)]
    if missing:
        raise FindingsError(f"{where}: the docstring lacks its {', '.join(missing)} line")
    return fields


def _imported(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add("." if node.level else (node.module or "").partition(".")[0])
    return names


def read_defect(script: Path, root: Path, known: Collection[str]) -> Defect:
    """The defect ``script`` reproduces, from its docstring, once its format is checked.

    Raises :class:`FindingsError` naming what breaks the format: the docstring's lines, a
    clause SPEC.md (``known``) does not define, an import other than the framework's (the
    script's folder) and the standard library's, or a last statement that is not an
    ``assert`` with a message.
    """
    where = script.relative_to(root).as_posix()
    framework = script.parent.name
    tree = ast.parse(script.read_text(encoding="utf-8"))
    docstring = ast.get_docstring(tree, clean=False)
    if not docstring:
        raise FindingsError(f"{where}: a reproducer opens with a docstring saying the defect")
    lines = docstring.strip("\n").splitlines()
    summary = _SUMMARY.match(lines[0])
    if summary is None:
        raise FindingsError(f"{where}: first line {lines[0]!r} is not '<Framework> <version>: <the defect>.'")
    if len(lines) < 2 or lines[1].strip():
        raise FindingsError(f"{where}: the first line is not followed by a blank line")
    fields = _fields(lines[2:], where)
    breaks, opened, reference = fields["breaks"].partition(" (")
    if breaks not in BREAKS or (opened and not (reference.endswith(")") and reference[:-1].strip())):
        raise FindingsError(f"{where}: breaks {fields['breaks']!r}: say one of {', '.join(BREAKS)}, then a (reference)")
    foreign = sorted(_imported(tree) - set(sys.stdlib_module_names) - {framework})
    if foreign:
        raise FindingsError(f"{where}: imports {', '.join(foreign)}; use only {framework} and the standard library")
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Assert) or last.msg is None:
        raise FindingsError(f"{where}: the script does not end with an assert whose message shows the actual value")
    return Defect(
        framework=framework,
        summary=lines[0].strip(),
        version=summary["version"],
        clauses=_clause_ids(fields["clauses"], where, known),
        breaks=breaks,
        reference=reference.removesuffix(")"),
        expected=fields["expected"],
        script=Path(where),
    )


def read_defects(root: Path, frameworks: Collection[str], known: Collection[str]) -> list[Defect]:
    """Every reproducer under ``root/ecosystem/reproducers``, in path order.

    Raises :class:`FindingsError` for a script of an unknown framework, or one whose docstring
    lacks a field or names a clause SPEC.md (``known``) does not define.
    """
    folder = root / "ecosystem" / "reproducers"
    defects: list[Defect] = []
    for script in sorted(folder.glob("*/*.py")):
        if script.parent.name not in frameworks:
            raise FindingsError(f"{script.relative_to(root).as_posix()}: no framework named {script.parent.name!r}")
        defects.append(read_defect(script, root, known))
    return defects


def read_notes(root: Path, frameworks: Collection[str], known: Collection[str]) -> list[Note]:
    """The notes of ``root/ecosystem/notes.toml`` (none when it does not exist)."""
    path = root / "ecosystem" / "notes.toml"
    if not path.is_file():
        return []
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise FindingsError(f"ecosystem/notes.toml: {error}") from None
    notes: list[Note] = []
    entries = cast("Iterable[object]", table.get("note", []))
    for index, entry in enumerate(entries, 1):
        where = f"ecosystem/notes.toml, note {index}"
        if not isinstance(entry, dict):
            raise FindingsError(f"{where}: a note is a table with framework, clauses and text")
        fields = cast("dict[str, object]", entry)
        framework, clauses, text = fields.get("framework"), fields.get("clauses"), fields.get("text")
        if not isinstance(framework, str) or framework not in frameworks:
            raise FindingsError(f"{where}: framework {framework!r} is not one of {', '.join(frameworks)}")
        if not isinstance(clauses, list) or not isinstance(text, str) or not text.strip():
            raise FindingsError(f"{where}: a note has a list of clauses and a text")
        ids = _clause_ids(", ".join(str(c) for c in cast("list[object]", clauses)), where, known)
        notes.append(Note(framework, ids, " ".join(text.split())))
    return notes
