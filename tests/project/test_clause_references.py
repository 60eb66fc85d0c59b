"""Every clause ID the project names is one SPEC.md defines; retired IDs stay in its Changes.

Docstrings, comments, test marks and documents cite SPEC.md's clauses by ID (``FAMILY-N``).
When a spec version retires a clause (SPEC.md's "Changes" section lists each retired ID with
what replaced it), a citation of it no longer says which rule the code follows, so this test
scans the package, the suite, the tests, the benchmarks, the examples and the project's
documents, and fails on an ID that SPEC.md neither defines nor retires, and on a
retired ID anywhere but SPEC.md's Changes section and CHANGELOG.md. A range (``A-2 to A-6``)
names every ID between its ends, so a range that spans a retired ID fails too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from conformance.spec import family_of, parse_spec
from tests.paths import ROOT

SPEC_MD = ROOT / "SPEC.md"

SPEC = parse_spec()

SCANNED = ("wsproto_api", "benchmarks", "examples", "tests", "conformance")
"""The folders whose files are scanned, whatever their kind (binary files are skipped)."""

DOCUMENTS = ("README.md", "ARCHITECTURE.md", "CONTRIBUTING.md", "SPEC.md")
"""The project's documents that are scanned where they exist; SPEC.md without its Changes section."""

NOT_CLAUSES = {
    "tests/suite/test_conformance_cli.py": {"URL-99"},
    "tests/suite/test_conformance_plugin.py": {"URL-99"},
    "tests/suite/test_conformance_outcomes.py": {"URL-99"},
    "tests/ecosystem/test_ecosystem_report.py": {"URL-99"},
    "tests/ecosystem/test_reproducers.py": {"URL-99"},
}
"""IDs that tests use, on purpose, as what is no clause of SPEC.md (to see it refused), by file."""

CHANGES_HEADING = "\n## Changes\n"
"""Where SPEC.md's list of retired clauses begins: the one place besides CHANGELOG.md that may name them."""

FAMILIES = sorted({family_of(clause_id) for clause_id in [*SPEC.clauses, *SPEC.retired]}, key=len, reverse=True)
"""The clause families SPEC.md has; only IDs of these families are clause IDs (``UTF-8`` is not)."""

_ID = rf"\b(?P<family>{'|'.join(FAMILIES)})-(?P<start>\d+)\b"
# "to", "through", "..", an en dash or an em dash between the two ends.
_RANGE_TAIL = r"(?:\s+(?:to|through)\s+|\s*(?:\.\.|\u2013|\u2014)\s*)(?P=family)-(?P<end>\d+)\b"
CLAUSE_REFERENCE = re.compile(f"{_ID}(?:{_RANGE_TAIL})?")
"""One clause ID, or a range of one family's IDs (``A-2 to A-6``, ``A-2..A-6``)."""


@dataclass(frozen=True)
class Mention:
    """A clause ID named at a line of a file, by itself or as part of a range."""

    path: str
    line: int
    clause_id: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.clause_id} in {self.text.strip()!r}"


def clause_ids(text: str) -> Iterator[tuple[int, str, str]]:
    """Each clause ID ``text`` names, with its line number and the reference it is part of; ranges expanded."""
    for match in CLAUSE_REFERENCE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        family, start = match["family"], int(match["start"])
        end = int(match["end"]) if match["end"] is not None else start
        numbers = range(start, end + 1) if start <= end else (start, end)
        for number in numbers:
            yield line, f"{family}-{number}", match[0]


def scanned_files() -> list[Path]:
    """The files scanned, each once (``conformance/SPEC.md`` is SPEC.md itself).

    Caches (``__pycache__``, hidden folders such as ``.pytest_cache``) are left out, and so is
    this file, whose only IDs are the data of ``NOT_CLAUSES``.
    """
    found: dict[Path, None] = {}
    this_file = Path(__file__).resolve()
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            parts = path.relative_to(ROOT).parts
            if "__pycache__" in parts or any(part.startswith(".") for part in parts) or not path.is_file():
                continue
            if path.resolve() != this_file:
                found.setdefault(path.resolve())
    for name in DOCUMENTS:
        if (ROOT / name).is_file():
            found.setdefault((ROOT / name).resolve())
    return list(found)


def scanned_text(path: Path) -> str | None:
    """The text of ``path`` that may name only current clauses, or ``None`` for a binary file."""
    data = path.read_bytes()
    if b"\0" in data:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if path == SPEC_MD.resolve():
        text = text.partition(CHANGES_HEADING)[0]
    return text


def all_mentions() -> list[Mention]:
    mentions = []
    for path in scanned_files():
        text = scanned_text(path)
        if text is None:
            continue
        # Split on "\n" alone, as clause_ids counts lines (splitlines also splits on \f and others).
        lines = text.split("\n")
        shown = path.relative_to(ROOT.resolve()).as_posix()
        mentions += [Mention(shown, line, cid, lines[line - 1]) for line, cid, _ in clause_ids(text)]
    return mentions


MENTIONS = all_mentions()


def test_the_scan_reads_the_contract_the_reference_the_suite_and_the_spec() -> None:
    scanned = {m.path for m in MENTIONS}
    for path in ("wsproto_api/protocols.py", "wsproto_api/reference/websocket.py", "SPEC.md", "README.md"):
        assert path in scanned, f"no clause ID found in {path}: the scan is broken"
    assert any(m.path.startswith("conformance/suite/") for m in MENTIONS)
    assert any(m.path.startswith("tests/") for m in MENTIONS)
    assert SPEC.retired, "SPEC.md lists no retired clauses: its Changes section was not parsed"
    assert not set(SPEC.clauses) & set(SPEC.retired)


def test_a_range_names_every_clause_between_its_ends() -> None:
    family = family_of(next(iter(SPEC.retired)))
    text = f"first line\n({family}-1 to {family}-3, {family}-7..{family}-8; {family}-5)\nUTF-8, X{family}-1"
    assert list(clause_ids(text)) == [
        (2, f"{family}-1", f"{family}-1 to {family}-3"),
        (2, f"{family}-2", f"{family}-1 to {family}-3"),
        (2, f"{family}-3", f"{family}-1 to {family}-3"),
        (2, f"{family}-7", f"{family}-7..{family}-8"),
        (2, f"{family}-8", f"{family}-7..{family}-8"),
        (2, f"{family}-5", f"{family}-5"),
    ]


def test_every_clause_id_named_is_one_spec_md_defines_or_retires() -> None:
    unknown = [
        str(m)
        for m in MENTIONS
        if m.clause_id not in SPEC.clauses
        and m.clause_id not in SPEC.retired
        and m.clause_id not in NOT_CLAUSES.get(m.path, set())
    ]
    assert unknown == [], "clause IDs that SPEC.md does not have:\n" + "\n".join(unknown)


def test_each_id_meant_as_no_clause_is_still_there_and_still_no_clause() -> None:
    for path, ids in NOT_CLAUSES.items():
        named = {m.clause_id for m in MENTIONS if m.path == path}
        for clause_id in ids:
            assert clause_id in named, f"{path} no longer names {clause_id}: drop it from NOT_CLAUSES"
            assert clause_id not in SPEC.clauses, f"{clause_id} is a clause now: {path} should use another ID"
            assert clause_id not in SPEC.retired, f"{clause_id} is retired now: {path} should use another ID"


def test_no_file_names_a_retired_clause_outside_the_changes() -> None:
    retired = [f"{m}; SPEC.md: {SPEC.retired[m.clause_id]}" for m in MENTIONS if m.clause_id in SPEC.retired]
    assert retired == [], "retired clause IDs (name what replaced them instead):\n" + "\n".join(retired)
