"""The run's report as JUnit XML, for CI systems that show test results: a test case per clause.

Each clause family is a ``<testsuite>``, each clause a ``<testcase>`` named by its ID. A
failed clause (and a stale deviation) is a ``<failure>``; a clause the run could not judge
(``not-judged``, ``blocked``) an ``<error>``, never a pass; a listed deviation, a clause of a
feature the binding lacks, and 0.1's ``skipped`` are ``<skipped>``. A run that did not finish
(interrupted, cut short, or nothing selected) gets one more ``<error>`` test case, ``run``, so
that its file is never green. The schema CI systems read (Jenkins' ``junit-10.xsd``) allows
no properties on a test case: each one's level and feature begin its message and fill its
``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from conformance.outcomes import ABSENT, ClauseOutcome, Report
from conformance.report import NOT_FINISHED, verdict

__all__ = ["CLASS_PREFIX", "RUN_CASE", "placeholder_junit", "to_junit", "write_junit"]

CLASS_PREFIX: Final = "wsproto-api"
"""What each test case's ``classname`` begins with: ``wsproto-api.URL`` for a URL clause."""

RUN_CASE: Final = "run"
"""The name of the test suite and test case that stand for a run that did not finish."""

_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>\n'

_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot hold at all, not even escaped; a binding's messages may carry them."""

Verdict = Literal["failure", "error", "skipped"]
"""The element a test case holds when it did not pass."""


@dataclass(frozen=True)
class _Case:
    """One test case's result: ``verdict`` is ``None`` for a pass."""

    verdict: Verdict | None
    kind: str = ""
    message: str = ""
    text: str = ""


def _xml_text(text: str) -> str:
    """``text`` with each character XML cannot hold written as a Python escape, so the file stays well-formed."""
    return _NOT_XML.sub(lambda found: repr(found[0])[1:-1], text)


def _label(clause: ClauseOutcome) -> str:
    """``MUST, core`` or ``SHOULD, feature raw``: what a reader needs to tell whether the clause fails the run."""
    return f"{clause.level}, {'feature ' + clause.feature if clause.feature else 'core'}"


def _case(clause: ClauseOutcome, strict: bool) -> _Case:
    """How one clause's outcome shows in JUnit: the message gives the detail's first line, the body all of it."""
    label = _label(clause)
    summary = clause.detail.partition("\n")[0]
    details = clause.detail
    if clause.failures:
        details = f"{len(clause.failures)} of {clause.tests} tests failed:\n" + "\n".join(clause.failures)
    match clause.outcome:
        case "passed":
            return _Case(None)
        case "failed":
            tolerated = clause.level != "MUST" and not strict
            note = f" (a {clause.level} clause: it fails the run only with --strict)" if tolerated else ""
            return _Case("failure", "failed", f"{label}: failed{note}: {summary}", details)
        case "stale-deviation":
            return _Case("failure", "stale-deviation", f"{label}: {summary}", clause.detail)
        case "deviation":
            return _Case("skipped", "deviation", f"{label}: a listed deviation, failed knowingly: {summary}", details)
        case "absent":
            return _Case("skipped", "absent", f"{label}: absent: {summary.removeprefix(ABSENT)}", clause.detail)
        case "skipped":
            return _Case("skipped", "skipped", f"{label}: skipped: {summary}", clause.detail)
        case "blocked" | "not-judged":
            # A blocked clause's detail already begins "blocked by CLAUSE".
            return _Case("error", clause.outcome, f"{label}: not judged: {summary}", clause.detail)


def _unfinished(report: Report) -> str:
    """Why the run as a whole gave no verdict on every selected clause; empty when it did."""
    if report.interrupted or report.stopped or not report.clauses:
        return verdict(report)
    return ""


def _testcase(parent: ET.Element, name: str, classname: str, case: _Case, out: str = "") -> None:
    element = ET.SubElement(parent, "testcase", name=name, classname=classname)
    if case.verdict is not None:
        result = ET.SubElement(element, case.verdict, type=case.kind, message=_xml_text(case.message))
        result.text = _xml_text(case.text)
    if out:
        ET.SubElement(element, "system-out").text = _xml_text(out)


def _testsuite(root: ET.Element, name: str, properties: dict[str, str], cases: list[_Case]) -> ET.Element:
    """A ``<testsuite>`` under ``root`` whose counts are those of ``cases``, and its properties."""
    suite = ET.SubElement(
        root,
        "testsuite",
        name=name,
        tests=str(len(cases)),
        failures=str(sum(c.verdict == "failure" for c in cases)),
        errors=str(sum(c.verdict == "error" for c in cases)),
        skipped=str(sum(c.verdict == "skipped" for c in cases)),
    )
    listed = ET.SubElement(suite, "properties")
    for key, value in properties.items():
        ET.SubElement(listed, "property", name=key, value=_xml_text(value))
    return suite


def _document(
    binding: str,
    spec_version: str,
    properties: dict[str, str],
    families: dict[str, list[tuple[ClauseOutcome, _Case]]],
    unfinished: str,
) -> str:
    """The JUnit file: a test suite per family, then the ``run`` suite if the run did not finish."""
    root = ET.Element("testsuites", name=_xml_text(f"{binding} against SPEC.md {spec_version}"))
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for family, entries in families.items():
        cases = [case for _, case in entries]
        suite = _testsuite(root, family, properties, cases)
        for clause, case in entries:
            out = f"level: {clause.level}\nfeature: {clause.feature or 'core'}\noutcome: {clause.outcome}\n"
            _testcase(suite, clause.id, f"{CLASS_PREFIX}.{family}", case, out)
    if unfinished:
        case = _Case("error", "not-finished", unfinished, unfinished)
        suite = _testsuite(root, RUN_CASE, properties, [case])
        _testcase(suite, RUN_CASE, f"{CLASS_PREFIX}.{RUN_CASE}", case)
    for suite in root:
        for key in counts:
            counts[key] += int(suite.get(key, "0"))
    # The schema's <testsuites> counts tests, failures and errors; it has no skipped count.
    root.attrib.update({key: str(n) for key, n in counts.items()})
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


def to_junit(report: Report) -> str:
    """The report as a JUnit XML document."""
    families: dict[str, list[tuple[ClauseOutcome, _Case]]] = {}
    for clause in report.clauses:
        families.setdefault(clause.family, []).append((clause, _case(clause, report.strict)))
    properties = {
        "binding": report.binding,
        "spec": report.spec_version,
        "strict": str(report.strict).lower(),
        "exit_code": str(report.exit_code),
        "verdict": verdict(report),
    }
    return _document(report.binding, report.spec_version, properties, families, _unfinished(report))


def write_junit(report: Report, path: Path) -> None:
    """Write the JUnit XML report to ``path``."""
    path.write_text(to_junit(report), encoding="utf-8")


def placeholder_junit(binding: str, spec_version: str) -> str:
    """The JUnit file's content before its run has judged anything: one error test case, ``run``, that says so."""
    properties = {"binding": binding, "spec": spec_version, "exit_code": "3", "verdict": NOT_FINISHED}
    return _document(binding, spec_version, properties, {}, NOT_FINISHED)
