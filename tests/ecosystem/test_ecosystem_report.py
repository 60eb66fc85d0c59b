"""``python -m conformance.ecosystem``: ECOSYSTEM.md and the README's table are what the kept results give.

The runs themselves take minutes; the kept results (``ecosystem/results.json``) are held to
fresh runtime runs in tests/ecosystem/test_ecosystem_bindings.py, and to every tier by the command's
``--check``. Here: the pages equal what the command writes from the kept results and the
findings, and the findings' format and staleness are enforced.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conformance.ecosystem.__main__ import main, stale_findings, wanted_files
from conformance.ecosystem.findings import Defect, FindingsError, Note, read_defects, read_notes
from conformance.ecosystem.frameworks import FRAMEWORKS
from conformance.ecosystem.judge import TierResult, one_line
from conformance.ecosystem.render import summary_table
from conformance.ecosystem.results import FrameworkResult, Results, read_results
from conformance.spec import current_spec
from tests.paths import ROOT

SPEC = current_spec()
NAMES = [f.name for f in FRAMEWORKS]
KEPT = read_results(ROOT / "ecosystem" / "results.json")


def test_the_pages_equal_what_the_command_writes_from_the_kept_results() -> None:
    for path, text in wanted_files(ROOT, SPEC, KEPT).items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run python -m conformance.ecosystem --render"


def test_the_readme_shows_the_summary_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = summary_table(SPEC, KEPT)
    assert f"<!-- ecosystem:begin -->\n{table}\n<!-- ecosystem:end -->" in readme
    assert f"<!-- ecosystem:begin -->\n{table}\n<!-- ecosystem:end -->" in (ROOT / "ECOSYSTEM.md").read_text("utf-8")


def test_every_framework_is_judged_on_every_tier() -> None:
    assert list(KEPT.frameworks) == NAMES
    for name, found in KEPT.frameworks.items():
        assert list(found.tiers) == ["runtime", "static", "live"], name
        runtime = found.tiers["runtime"]
        assert list(runtime.outcomes) == list(SPEC.runtime_clauses), name
        assert list(found.tiers["static"].outcomes) == list(SPEC.static_clauses), name
        assert list(found.tiers["live"].outcomes) == list(SPEC.live_clauses), name
        # Every clause that did not pass says why, in one line.
        for result in found.tiers.values():
            reasons = {cid for cid, o in result.outcomes.items() if o not in ("passed", "absent")}
            assert set(result.reasons) == reasons, name
            assert all("\n" not in r and r for r in result.reasons.values()), name


def test_every_defect_names_a_clause_its_framework_fails() -> None:
    defects = read_defects(ROOT, NAMES, SPEC.clauses)
    assert defects, "the report lists defects"
    assert stale_findings(KEPT, defects, read_notes(ROOT, NAMES, SPEC.clauses)) == []


def _tree(tmp_path: Path) -> Path:
    """A copy of the files the command reads and writes."""
    (tmp_path / "ecosystem").mkdir()
    shutil.copy(ROOT / "README.md", tmp_path)
    shutil.copy(ROOT / "ECOSYSTEM.md", tmp_path)
    shutil.copy(ROOT / "ecosystem" / "results.json", tmp_path / "ecosystem")
    shutil.copytree(ROOT / "ecosystem" / "reproducers", tmp_path / "ecosystem" / "reproducers")
    if (ROOT / "ecosystem" / "notes.toml").is_file():
        shutil.copy(ROOT / "ecosystem" / "notes.toml", tmp_path / "ecosystem")
    return tmp_path


def test_check_says_up_to_date_then_finds_a_page_edited_by_hand(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    assert main(["--render", "--check", "--root", str(root)]) == 0
    page = root / "ECOSYSTEM.md"
    page.write_text(page.read_text(encoding="utf-8").replace("fails", "conforms", 1), encoding="utf-8")
    assert main(["--render", "--check", "--root", str(root)]) == 1
    assert main(["--render", "--root", str(root)]) == 0
    assert page.read_text(encoding="utf-8") == (ROOT / "ECOSYSTEM.md").read_text(encoding="utf-8")


def test_render_without_kept_results_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ROOT / "README.md", tmp_path)
    assert main(["--render", "--root", str(tmp_path)]) == 2
    assert "results.json not found" in capsys.readouterr().err


UNKNOWN = "URL-99"
"""A clause ID SPEC.md does not define (tests/project/test_clause_references.py knows it is on purpose)."""


@pytest.mark.parametrize(
    ("toml", "error"),
    [
        ('[[note]]\nframework = "nobody"\nclauses = ["URL-5"]\ntext = "x"\n', "framework 'nobody'"),
        (f'[[note]]\nframework = "lilya"\nclauses = ["{UNKNOWN}"]\ntext = "x"\n', f"'{UNKNOWN}' is not a clause"),
        ('[[note]]\nframework = "lilya"\nclauses = ["URL-5"]\n', "a list of clauses and a text"),
        ("[[note]\n", "notes.toml"),
    ],
)
def test_a_note_that_breaks_the_format_is_refused(tmp_path: Path, toml: str, error: str) -> None:
    (tmp_path / "ecosystem").mkdir()
    (tmp_path / "ecosystem" / "notes.toml").write_text(toml, encoding="utf-8")
    with pytest.raises(FindingsError, match=error):
        read_notes(tmp_path, NAMES, SPEC.clauses)


def test_a_finding_on_a_clause_the_framework_passes_is_stale() -> None:
    def judged(outcome: str) -> Results:
        runtime = TierResult(1, {"URL-5": outcome, "URL-6": "passed"})
        return Results("0", {}, {}, {"lilya": FrameworkResult("1", {"runtime": runtime})})

    defect = Defect("lilya", "Lilya 1: d.", "1", ("URL-5",), "ASGI", "", "x", Path("ecosystem/reproducers/lilya/d.py"))
    note = Note("lilya", ("URL-5", "URL-6"), "ambiguous")
    assert stale_findings(judged("passed"), [defect], [note]) == [
        "ecosystem/reproducers/lilya/d.py: lilya does not fail URL-5 (passed)",
        "the note on lilya URL-5, URL-6: none of them fails any more",
    ]
    # A blocked clause was not judged: the reproducer still shows the defect.
    assert stale_findings(judged("failed"), [defect], [note]) == []
    assert stale_findings(judged("blocked"), [defect], [note]) == []
    # A framework not judged here neither confirms nor contradicts its findings.
    assert stale_findings(Results("0", {}, {}), [defect], [note]) == []


def test_a_reason_is_one_line_without_its_test_or_addresses() -> None:
    detail = "saw <object at 0x7f3a9c2b1d60> [suite/test_conn.py::test_x[a-b]]\n  more"
    assert one_line(detail) == "saw <object at 0x…>"
    assert len(one_line("x" * 500)) == 140
    assert one_line("x" * 500).endswith("…")


def test_a_run_that_could_not_judge_every_clause_makes_the_command_fail(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    kept = root / "ecosystem" / "results.json"
    text = kept.read_text(encoding="utf-8")
    assert '"exit_code": 1' in text
    kept.write_text(text.replace('"exit_code": 1', '"exit_code": 3', 1), encoding="utf-8")
    # The pages do not show exit codes, so they are current; the verdict still is not a pass.
    assert main(["--render", "--check", "--root", str(root)]) == 3
