"""``python -m conformance --static``: the static tier, judged against SPEC.md's TYPE clauses."""

from __future__ import annotations

import json
import re
import site
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from conformance import cli, static
from conformance.deviations import read_deviations, read_tier_deviations
from conformance.spec import SPEC_PATH, parse_spec
from tests.paths import ROOT
from tests.processes import run_module

STARLETTE_DEVIATIONS = ROOT / "conformance" / "deviations" / "starlette-1.10.txt"
SPEC = parse_spec()
TYPE_CLAUSES = SPEC.static_clauses


def typed_departures() -> set[str]:
    """The WebSocket members SPEC.md's "Typed departures" paragraph says Starlette 1.10 fails at."""
    text = " ".join(SPEC_PATH.read_text(encoding="utf-8").split())
    paragraph = text.partition("Typed departures:")[2]
    members = re.search(r"at exactly these members: (.*?);", paragraph)
    assert members is not None, "SPEC.md's typed departures should name the members"
    # "`__init__` (through the `WebSocketFactory` protocol)": the parenthesis says how, not what.
    return set(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", members.group(1))))


def static_departures() -> set[str]:
    """The TYPE clauses SPEC.md says Starlette 1.10 departs from."""
    return {cid for cid in TYPE_CLAUSES if cid in SPEC.departures}


def static_run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, dict[str, Any], str]:
    """Run ``--static`` in this process; its exit code, JSON report and standard output."""
    report = tmp_path / "static.json"
    code = cli.main([*args, "--static", "--json", str(report)])
    out = capsys.readouterr().out
    return code, json.loads(report.read_text(encoding="utf-8")), out


def clause(report: dict[str, Any], clause_id: str) -> dict[str, Any]:
    """The JSON report's entry for ``clause_id``."""
    found: dict[str, Any] = next(c for c in report["clauses"] if c["id"] == clause_id)
    return found


def outcomes_of(report: dict[str, Any]) -> str:
    """The outcomes of TYPE-1 to TYPE-4 in the JSON report, in that order, space-separated."""
    assert [c["id"] for c in report["clauses"]] == list(TYPE_CLAUSES)
    return " ".join(c["outcome"] for c in report["clauses"])


def named_members(detail: str) -> set[str]:
    """The members a TYPE clause's detail lists, one a line after its first."""
    return {line.split(":")[0].strip() for line in detail.splitlines()[1:]}


def static_error(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run ``--static`` on the reference in this process; its exit code and standard error."""
    code = cli.main(["wsproto_api.reference", "--static", *args])
    captured = capsys.readouterr()
    return code, captured.err


def test_spec_defines_the_type_clauses_apart_from_the_runtime_ones() -> None:
    assert list(TYPE_CLAUSES) == ["TYPE-1", "TYPE-2", "TYPE-3", "TYPE-4"]
    assert not set(TYPE_CLAUSES) & set(SPEC.runtime_clauses), "a normal run must not judge the TYPE clauses"
    assert static_departures() == {"TYPE-1", "TYPE-2"}


def test_reference_conforms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "wsproto_api.reference")
    assert code == 0, out
    assert [c["id"] for c in report["clauses"]] == list(TYPE_CLAUSES)
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}
    assert {k: n for k, n in report["summary"]["MUST"].items() if n} == {"passed": len(TYPE_CLAUSES)}
    assert "static tier (mypy)" in out


def test_starlette_fails_exactly_at_the_typed_departures(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets")
    assert code == 1, out
    failed = {c["id"] for c in report["clauses"] if c["outcome"] == "failed"}
    assert failed == static_departures()
    websocket = clause(report, "TYPE-1")["detail"]
    assert named_members(websocket) == typed_departures() == {"__init__", "url", "send_denial_response"}
    for line in websocket.splitlines()[1:]:
        assert "Expected: " in line, line
        assert " / Got: " in line, line
    assert re.search(r"send_denial_response: mismatch; Expected: .*(?:ASGI|Callable).* / Got: .*Response", websocket)
    # The URL is not a str: the str members are missing, and methods returning a URL differ.
    url = named_members(clause(report, "TYPE-2")["detail"])
    assert {"__len__", "startswith", "encode", "include_query_params"} <= url
    assert {"scheme", "port", "path"}.isdisjoint(url)
    assert "TYPE-1 (MUST) failed: members not matching the contract: __init__, url, send_denial_response" in out


def test_starlette_with_its_deviations_file_conforms(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets", "--deviations", str(STARLETTE_DEVIATIONS))
    assert code == 0, out
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "deviation"} == static_departures()
    assert out.endswith(f"starlette.websockets: conforms, with {len(static_departures())} listed deviations\n")


def test_deviations_file_serves_both_tiers() -> None:
    assert (
        read_tier_deviations(STARLETTE_DEVIATIONS, SPEC.clauses.keys(), SPEC.static_clauses.keys())
        == static_departures()
    )
    # A normal run reads the same file and judges only the runtime clauses among them.
    assert read_deviations(STARLETTE_DEVIATIONS, SPEC.clauses.keys()) == set(SPEC.departures)


def test_a_static_deviation_that_passes_is_stale(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deviations = tmp_path / "deviations.txt"
    deviations.write_text("URL-1\nTYPE-3\n", encoding="utf-8")
    code, report, out = static_run(capsys, tmp_path, "wsproto_api.reference", "--deviations", str(deviations))
    assert code == 1, out
    assert "stale deviations file: TYPE-3 now pass" in out
    assert {c["id"]: c["outcome"] for c in report["clauses"] if c["outcome"] != "passed"} == {
        "TYPE-3": "stale-deviation"
    }


def test_untyped_binding_is_reported_member_by_member(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "tests.bindings.untyped")
    assert code == 1, out
    websocket = clause(report, "TYPE-1")["detail"]
    for member in ("__init__", "url", "send_text"):
        assert f"\n      {member}: untyped" in websocket, websocket
    # An untyped url declares no type for TYPE-2 to judge: that is TYPE-1's failure alone.
    url = clause(report, "TYPE-2")
    assert (url["outcome"], url["blocked_by"]) == ("blocked", ["TYPE-1"]), out
    assert "TYPE-1 (url: untyped)" in url["detail"], url
    # It has none of the scope-mapping feature's members: the feature is absent, not failed.
    assert "scope: missing" not in websocket
    assert "\n      path_params: missing" in websocket


def seen_case(
    name: str, binding: str, checkers: tuple[static.Checker, ...], outcomes: str, said: tuple[str, str] | None = None
) -> list[Any]:
    """One case per checker: TYPE-1 to TYPE-4's outcomes, space-separated, and words one clause's detail holds.

    ``{checker}`` in the words stands for the checker's name.
    """
    return [
        pytest.param(
            f"tests.bindings.{binding}",
            checker,
            tuple(outcomes.split()),
            None if said is None else (said[0], said[1].format(checker=checker)),
            id=f"{name}-{checker}",
        )
        for checker in checkers
    ]


BOTH = static.CHECKERS

UNSEEN = [
    # The connection lacks url: TYPE-1 names it, and TYPE-2 has no declared type to judge.
    *seen_case(
        "missing-url", "static_no_url", BOTH, "failed blocked passed passed", ("TYPE-2", "TYPE-1 (url: missing)")
    ),
    # mypy accepts Any as every protocol: Starlette, which fails TYPE-1 and TYPE-2, would pass.
    # pyright refuses the variable as an annotation: the probe gets its connection from a call.
    *seen_case(
        "any-connection", "static_any", BOTH, "failed blocked blocked blocked", ("TYPE-1", "{checker} sees ws as Any")
    ),
    # A class declared as a variable (``WebSocket: type[...]``): both checkers refuse it as an
    # annotation, so its connections come from a call, and the reference's class conforms.
    *seen_case("declared-class", "static_declared_class", BOTH, "passed passed passed passed"),
    *seen_case(
        "any-url", "static_any_url", BOTH, "passed failed passed passed", ("TYPE-2", "{checker} sees ws.url as Any")
    ),
    # A factory function without annotations: mypy sees what it builds as Any, pyright infers
    # the reference's class, whose url, headers and query_params it then judges.
    *seen_case(
        "untyped-factory",
        "static_untyped_factory",
        ("mypy",),
        "failed blocked blocked blocked",
        ("TYPE-1", "mypy sees ws as Any"),
    ),
    *seen_case(
        "untyped-factory",
        "static_untyped_factory",
        ("pyright",),
        "failed passed passed passed",
        ("TYPE-1", "__init__: untyped"),
    ),
    # A __getattr__ answering any name makes a class match every protocol for mypy; it is
    # still a class the checker sees, and this one matches the contract.
    *seen_case("getattr", "static_getattr", BOTH, "passed passed passed passed"),
    # A class whose members all come from __getattr__: mypy takes each for Any, pyright finds none.
    *seen_case(
        "getattr-only",
        "static_getattr_only",
        ("mypy",),
        "failed failed failed failed",
        ("TYPE-1", "send_text: Any to the checker"),
    ),
    *seen_case(
        "getattr-only",
        "static_getattr_only",
        ("pyright",),
        "failed blocked blocked blocked",
        ("TYPE-1", "send_text: missing"),
    ),
]


@pytest.mark.parametrize(("binding", "checker", "outcomes", "said"), UNSEEN)
def test_a_subject_the_checker_cannot_see_is_never_passed_and_one_it_sees_is_judged(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    binding: str,
    checker: static.Checker,
    outcomes: tuple[str, str, str, str],
    said: tuple[str, str] | None,
) -> None:
    code, report, out = static_run(capsys, tmp_path, binding, "--checker", checker)
    assert code == (0 if set(outcomes) == {"passed"} else 1), out
    assert tuple(c["outcome"] for c in report["clauses"]) == outcomes, out
    if said is not None:
        where, words = said
        assert words in clause(report, where)["detail"], out


def test_missing_checker_is_exit_code_2(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(static, "locate_checker", lambda checker: None)
    # The CLI may hold a name of its own for it; it must see no checker either.
    monkeypatch.setattr(cli, "locate_checker", lambda checker: None, raising=False)
    assert cli.main(["wsproto_api.reference", "--static", "--checker", "pyright"]) == cli.USAGE_ERROR
    captured = capsys.readouterr()
    assert captured.err == "conformance: error: --checker pyright: pyright is not installed\n"
    assert captured.out == ""


def test_pyright_names_the_same_starlette_members(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets", "--checker", "pyright")
    assert code == 1, out
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "failed"} == static_departures()
    assert named_members(clause(report, "TYPE-1")["detail"]) == typed_departures()


def test_a_binding_typed_by_stubs_is_not_untyped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An unannotated module whose .pyi re-exports the reference: the checker reads the stub.
    package = tmp_path / "stubbed_binding"
    package.mkdir()
    (package / "__init__.py").write_text(
        "class WebSocket:\n    def __init__(self, scope, receive=None, send=None):\n        pass\n"
        "class WebSocketDisconnect(Exception):\n    pass\n",
        encoding="utf-8",
    )
    (package / "__init__.pyi").write_text(
        "from wsproto_api.reference import WebSocket as WebSocket, WebSocketDisconnect as WebSocketDisconnect\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    code, report, out = static_run(capsys, tmp_path, "stubbed_binding")
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}
    assert "untyped" not in out, out
    assert code == 0, out


def test_search_path_hands_no_installed_location_to_a_checker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import starlette.websockets

    local = ModuleType("local_binding")
    local.__file__ = str(tmp_path / "local_binding.py")
    monkeypatch.setitem(sys.modules, "local_binding", local)
    # The contract comes from this checkout (an editable install), Starlette from site-packages,
    # which the checker finds by itself.
    assert static._search_path(starlette.websockets) == [str(ROOT)]
    assert static._search_path(local) == [str(ROOT), str(tmp_path.resolve())]
    for installed in [*site.getsitepackages(), site.getusersitepackages(), "/usr/lib/python3/dist-packages/x"]:
        assert static._installed(Path(installed).resolve()), installed
    assert not static._installed(ROOT)


def test_probe_holds_a_canary_that_is_no_member() -> None:
    probe = static.build_probe("wsproto_api.reference")
    assert probe.source.splitlines()[probe.canary - 1] == static.CANARY
    assert probe.canary not in probe.lines


def test_mypy_refusing_its_configuration_is_exit_code_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The false green this guards against: site-packages in mypy_path, which mypy refuses
    # with exit status 1, the status of a run that found errors.
    monkeypatch.setattr(static, "_search_path", lambda module: site.getsitepackages()[:1])
    code, err = static_error(capsys, "--checker", "mypy")
    assert code == 3, err
    assert err.startswith("conformance: error: mypy exited with status 1 but reported no error"), err
    assert f"(exit status 1: {site.getsitepackages()[0]} is in the MYPYPATH. Please remove it." in err


@pytest.mark.parametrize("checker", static.CHECKERS)
def test_a_canary_not_reported_is_exit_code_3(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, checker: static.Checker
) -> None:
    def without_canary(binding: str) -> static.Probe:
        probe = build_probe(binding)
        return static.Probe(probe.source.replace(static.CANARY, "_canary: int = 0"), probe.lines, probe.canary)

    build_probe = static.build_probe
    monkeypatch.setattr(static, "build_probe", without_canary)
    code, err = static_error(capsys, "--checker", checker)
    assert code == 3, err
    canary = build_probe("wsproto_api.reference").canary
    message = f"{checker} did not check the probe: it did not report the deliberate error at probe line {canary} ("
    assert err.startswith(f"conformance: error: {message}"), err


def mypy_line(file: str, line: int | str, message: str, code: str) -> str:
    """One line of mypy's JSON output: an error, at column 1; ``line`` may be a placeholder of the fake's."""
    record = {"file": file, "line": 0, "column": 0, "message": message, "hint": None, "code": code, "severity": "error"}
    return json.dumps(record).replace('"line": 0', f'"line": {line}') + "\n"


MYPY_CANARY = mypy_line(static.PROBE_FILE, "CANARY", "Incompatible types in assignment", "assignment")
PYRIGHT_CANARY = '{"file": "PROBE", "severity": "error", "message": "not an int", "range": {"start": {"line": LINE}}}'


def pyright_report(*diagnostics: str, analyzed: int = 1) -> str:
    """A pyright JSON report holding ``diagnostics``, with the fake's placeholders left in."""
    return f'{{"generalDiagnostics": [{", ".join(diagnostics)}], "summary": {{"filesAnalyzed": {analyzed}}}}}'


# The probe's file name is put in as a value: the rest is a template for str.format.
FAKE_CHECKER = (
    f"import os\nimport sys\n\nPROBE_FILE = {static.PROBE_FILE!r}\n"
    + """
canary = {canary}
out = {stdout!r}.replace("CANARY", str(canary)).replace("LINE", str(canary - 1))
sys.stdout.write(out.replace("PROBE", os.path.join(os.getcwd(), PROBE_FILE)))
sys.stderr.write({stderr!r})
sys.exit({status})
"""
)


ELSEWHERE = PYRIGHT_CANARY.replace("PROBE", "/elsewhere.py")


def install_fake_checker(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    stdout: str,
    *,
    stderr: str = "",
    status: int = 1,
    binding: str = "wsproto_api.reference",
) -> int:
    """Make every checker a script printing ``stdout``, ``stderr`` and exiting ``status``; the canary's line."""
    canary = static.build_probe(binding).canary
    fake = tmp_path / "fake_checker.py"
    fake.write_text(FAKE_CHECKER.format(canary=canary, stdout=stdout, stderr=stderr, status=status), encoding="utf-8")
    monkeypatch.setattr(static, "locate_checker", lambda name: [sys.executable, str(fake)])
    return canary


@pytest.mark.parametrize(
    ("checker", "status", "stdout", "stderr", "message"),
    [
        pytest.param(
            "mypy",
            1,
            "",
            "",
            "mypy exited with status 1 but reported no error (exit status 1: no output)",
            id="mypy-silent-1",
        ),
        pytest.param("mypy", 2, "", "", "mypy failed (exit status 2: no output)", id="mypy-silent-2"),
        pytest.param("mypy", 0, "", "", "mypy did not check the probe", id="mypy-silent-0"),
        pytest.param(
            "mypy",
            2,
            "",
            "usage: mypy\nbad flag\n",
            "mypy failed (exit status 2: usage: mypy bad flag)",
            id="mypy-usage",
        ),
        pytest.param(
            "mypy",
            1,
            MYPY_CANARY + mypy_line("/elsewhere.py", 3, "Boom", "misc"),
            "",
            "mypy reported an error outside the probe: /elsewhere.py:3:1: error: Boom  [misc]",
            id="mypy-error-elsewhere",
        ),
        pytest.param(
            "mypy",
            1,
            MYPY_CANARY + mypy_line(static.PROBE_FILE, 2, "Cannot find it", "import-not-found"),
            "",
            "mypy rejected the probe module itself at line 2: Cannot find it",
            id="mypy-error-in-the-probe",
        ),
        pytest.param(
            "mypy",
            1,
            "Traceback (most recent call last):\n",
            "",
            "mypy gave no report: a line is not JSON: 'Traceback (most recent call last):' (exit status 1: Traceback",
            id="mypy-garbage",
        ),
        pytest.param(
            "pyright",
            1,
            "",
            "",
            "pyright gave no report: the output is not JSON (exit status 1: no output)",
            id="pyright-silent-1",
        ),
        pytest.param("pyright", 2, "", "", "pyright failed (exit status 2: no output)", id="pyright-silent-2"),
        pytest.param(
            "pyright",
            3,
            pyright_report(PYRIGHT_CANARY),
            "Config file could not be parsed.",
            "pyright failed (exit status 3: Config file could not be parsed.)",
            id="pyright-config",
        ),
        pytest.param(
            "pyright",
            0,
            pyright_report(analyzed=0),
            "",
            "pyright gave no report: it analyzed no file (exit status 0: ",
            id="pyright-no-file",
        ),
        pytest.param("pyright", 0, pyright_report(), "", "pyright did not check the probe", id="pyright-no-canary"),
        pytest.param(
            "pyright",
            1,
            pyright_report(PYRIGHT_CANARY, ELSEWHERE),
            "",
            "pyright reported an error outside the probe: /elsewhere.py:CANARY: error: not an int",
            id="pyright-error-elsewhere",
        ),
    ],
)
def test_a_checker_that_did_not_check_the_probe_is_exit_code_3(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    checker: static.Checker,
    status: int,
    stdout: str,
    stderr: str,
    message: str,
) -> None:
    canary = install_fake_checker(monkeypatch, tmp_path, stdout, stderr=stderr, status=status)
    code, err = static_error(capsys, "--checker", checker)
    assert code == 3, err
    assert err.startswith(f"conformance: error: {message.replace('CANARY', str(canary))}"), err


def seen_errors(checker: static.Checker, binding: str, *, any_member: tuple[str, str] | None = None) -> list[str]:
    """What a checker that knows the type of every subject and member of ``binding``'s probe reports at their lines.

    Those are its seen lines and its use lines; ``any_member``, a ``(clause, member)``, is
    one it sees as ``Any``, and so accepts at its use line.
    """
    probe = static.build_probe(binding)
    lines = [*probe.seen, *(line for line, used in probe.used.items() if used != any_member)]
    if checker == "mypy":
        return [mypy_line(static.PROBE_FILE, line, "Incompatible types in assignment", "assignment") for line in lines]
    return [PYRIGHT_CANARY.replace("LINE", str(line - 1)).replace("not an int", "not assignable") for line in lines]


def fake_report(checker: static.Checker, *errors: str) -> str:
    """A checker's whole output: the canary and ``errors``, as that checker writes them."""
    if checker == "mypy":
        return MYPY_CANARY + "".join(errors)
    return pyright_report(PYRIGHT_CANARY, *errors)


@pytest.mark.parametrize("checker", static.CHECKERS)
def test_a_checker_that_sees_every_subject_and_reports_no_member_passes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, checker: static.Checker
) -> None:
    binding = "wsproto_api.reference"
    install_fake_checker(monkeypatch, tmp_path, fake_report(checker, *seen_errors(checker, binding)))
    code, report, out = static_run(capsys, tmp_path, binding, "--checker", checker)
    assert code == 0, out
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}


@pytest.mark.parametrize("checker", static.CHECKERS)
def test_a_member_the_checker_accepts_any_use_of_fails_alone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, checker: static.Checker
) -> None:
    binding = "wsproto_api.reference"
    errors = seen_errors(checker, binding, any_member=("TYPE-3", "getlist"))
    install_fake_checker(monkeypatch, tmp_path, fake_report(checker, *errors))
    code, report, out = static_run(capsys, tmp_path, binding, "--checker", checker)
    assert code == 1, out
    assert outcomes_of(report) == "passed passed failed passed", out
    assert "getlist: Any to the checker" in clause(report, "TYPE-3")["detail"], out


@pytest.mark.parametrize("checker", static.CHECKERS)
def test_a_checker_reporting_only_the_canary_saw_nothing_to_compare(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, checker: static.Checker
) -> None:
    # Silence at every member is what a checker that sees the binding as Any gives: no verdict.
    install_fake_checker(monkeypatch, tmp_path, fake_report(checker))
    code, report, out = static_run(capsys, tmp_path, "wsproto_api.reference", "--checker", checker)
    assert code == 1, out
    assert outcomes_of(report) == "failed blocked blocked blocked", out
    assert f"{checker} sees ws as Any" in clause(report, "TYPE-1")["detail"], out


NAMED = {
    # Its URL is a str subclass, wrong at port only; the methods deriving URLs return that class.
    "wrong-url-port": ("static_port_str", "passed failed passed passed", "TYPE-2", {"port"}),
    # Declared Callable[..., Any], typed (*args: Any, **kwargs: Any) -> Any, a property -> Any.
    "any-members": (
        "static_any_members",
        "failed passed passed passed",
        "TYPE-1",
        {"send_text", "close", "path_params"},
    ),
    # Typed calls whose result is a free type variable, or Any: only a use of the result shows it.
    "result-any": ("static_result_any", "failed passed passed passed", "TYPE-1", {"receive_text", "receive_bytes"}),
    # The class has send_denial_response at run time, so the denial feature is there; the class
    # the checkers read lacks it, which fails TYPE-1 instead of calling the feature absent.
    "hidden-denial": ("static_hidden_denial", "failed passed passed passed", "TYPE-1", {"send_denial_response"}),
    # The same, with the member given at run time by a __getattr__ the class's attributes do not show.
    "getattr-denial": ("static_getattr_denial", "failed passed passed passed", "TYPE-1", {"send_denial_response"}),
}


@pytest.mark.parametrize("checker", static.CHECKERS)
@pytest.mark.parametrize(("binding", "outcomes", "where", "members"), NAMED.values(), ids=NAMED.keys())
def test_wrong_members_fail_only_their_clause_each_by_name(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    checker: static.Checker,
    binding: str,
    outcomes: str,
    where: str,
    members: set[str],
) -> None:
    code, report, out = static_run(capsys, tmp_path, f"tests.bindings.{binding}", "--checker", checker)
    assert code == 1, out
    assert outcomes_of(report) == outcomes, out
    assert named_members(clause(report, where)["detail"]) == members, out


def test_probe_holds_members_returning_a_target_protocol_to_its_kind() -> None:
    source = static.build_probe("wsproto_api.reference").source
    assert "def url(self) -> str:" in source
    assert "def headers(self) -> Headers" not in source
    assert "def include_query_params(self, **params: object) -> str:" in source
    # The constructor's instances are TYPE-1's to judge, member by member.
    assert "send: Send | None=None) -> object:" in source
    # A protocol that is no target's is still checked member by member where it is returned.
    assert "def client(self) -> Address | None:" in source


def test_str_members_of_a_str_url_are_never_untyped(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.bindings import static_str_url

    assert static.untyped_members(static_str_url) == []
    code, report, out = static_run(capsys, tmp_path, "tests.bindings.static_str_url")
    assert code == 0, out
    assert {c["outcome"] for c in report["clauses"]} == {"passed"}
    assert "untyped" not in out, out


def test_a_binding_mypy_cannot_read_is_not_passed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # mypy reads none of an installed binding without py.typed, so it checks no member: the
    # binding is Any to it, and mypy said why at the probe's import.
    binding = "tests.bindings.static_str_url"
    probe = static.build_probe(binding)
    imported = probe.source.splitlines().index(f"import {binding} as _binding") + 1
    untyped_import = mypy_line(
        static.PROBE_FILE,
        imported,
        f'Skipping analyzing "{binding}": module is installed, but missing library stubs or py.typed marker',
        "import-untyped",
    )
    install_fake_checker(monkeypatch, tmp_path, MYPY_CANARY + untyped_import, binding=binding)
    code, report, out = static_run(capsys, tmp_path, binding, "--checker", "mypy")
    assert code == 1, out
    assert outcomes_of(report) == "failed blocked blocked blocked", out
    assert static.UNTYPED_IMPORT in clause(report, "TYPE-1")["detail"], out


def test_signatures_that_print_alike_say_what_differs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Its query parameters' keys returns a KeysView class of its own, which mypy prints as it
    # prints collections.abc.KeysView.
    code, report, out = static_run(capsys, tmp_path, "tests.bindings.static_alike_keys", "--checker", "mypy")
    assert code == 1, out
    assert {c["id"] for c in report["clauses"] if c["outcome"] == "failed"} == {"TYPE-4"}, out
    (line,) = clause(report, "TYPE-4")["detail"].splitlines()[1:]
    assert line.strip().removesuffix(" [mypy]") == (
        "keys: mismatch; Expected and Got print alike: def keys(self) -> KeysView[str]; at run time, "
        "the return type is tests.bindings.static_alike_keys.KeysView[str], not collections.abc.KeysView[str]"
    ), out


class _Contract:
    def keyed(self, key: str) -> list[str]: ...
    def defaulted(self, code: int = 1000) -> None: ...
    def named(self, data: str) -> None: ...
    async def awaited(self) -> None: ...
    @property
    def read(self) -> int: ...


class _Binding:
    def keyed(self, key: str, /) -> list[str]: ...
    def defaulted(self, code: int = 1001) -> None: ...
    def named(self, text: str) -> None: ...
    def awaited(self) -> None: ...

    read: bool


@pytest.mark.parametrize(
    ("member", "difference"),
    [
        ("keyed", "'key' is positional-only, not positional or keyword"),
        ("defaulted", "'code' defaults to 1001, not 1000"),
        ("named", "parameter 1 is 'text', not 'data'"),
        ("awaited", "the contract's is a coroutine method, the binding's a method"),
        ("read", "the contract's is a property, the binding's an attribute; the type is bool, not int"),
    ],
)
def test_a_difference_the_checker_prints_alike_is_found_at_run_time(member: str, difference: str) -> None:
    contract, binding = static._shape(_Contract, member), static._shape(_Binding, member)
    assert contract is not None
    assert binding is not None
    assert "; ".join(static._differences(contract, binding)) == difference


def test_signatures_that_print_alike_are_shown_once() -> None:
    alike = static.MemberResult(
        "TYPE-1", "__init__", "mismatch", "def __call__(x: int) -> A", "def WebSocket(x: int) -> A"
    )
    assert alike.describe() == (
        "__init__: mismatch; Expected and Got print alike: def WebSocket(x: int) -> A; "
        "what differs is not in the checker's notes"
    )
    apart = static.MemberResult("TYPE-1", "close", "mismatch", "def close(self) -> A", "def close(self) -> B")
    assert apart.describe() == "close: mismatch; Expected: def close(self) -> A / Got: def close(self) -> B"


def test_clause_selects_among_the_type_clauses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Starlette fails TYPE-1 and TYPE-2; a run of TYPE-3 alone judges that clause only.
    code, report, out = static_run(capsys, tmp_path, "starlette.websockets", "--clause", "TYPE-3")
    assert code == 0, out
    assert [(c["id"], c["outcome"]) for c in report["clauses"]] == [("TYPE-3", "passed")], out


@pytest.mark.parametrize("chosen", ["CLOSE-2", "NOPE-1", "CLOSE"])
def test_a_clause_the_static_tier_does_not_judge_is_exit_code_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, chosen: str
) -> None:
    report = tmp_path / "static.json"
    code = cli.main(["wsproto_api.reference", "--static", "--clause", chosen, "--json", str(report)])
    err = capsys.readouterr().err
    assert code == 2, err
    said = f"--clause {chosen!r}: not a clause or family that the static tier (--static) judges"
    elsewhere = "" if chosen == "NOPE-1" else "; a normal run judges it"
    assert err.rstrip().endswith(said + elsewhere), err
    assert not report.exists()


def test_a_binding_named_probe_is_judged_as_itself(tmp_path: Path) -> None:
    # The probe once was probe.py beside the binding: a binding named probe was the probe itself.
    (tmp_path / "probe.py").write_text("from wsproto_api.reference import *  # noqa: F403\n", encoding="utf-8")
    done = run_module("conformance", "probe", "--static", "--checker", "all", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "probe: conforms" in done.stdout


def test_a_binding_with_the_probe_s_own_name_is_refused(tmp_path: Path) -> None:
    name = static.PROBE_MODULE
    (tmp_path / f"{name}.py").write_text("from wsproto_api.reference import *  # noqa: F403\n", encoding="utf-8")
    done = run_module("conformance", name, "--static", "--json", "report.json", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"the binding {name!r} has the static tier's own probe's name; rename it" in done.stderr
    assert not (tmp_path / "report.json").exists()


REDEFINED = {
    "class_after_import": (
        "from wsproto_api.reference import *  # noqa: F403\n"
        "from wsproto_api.reference import WebSocket as _Base\n\n\n"
        "class WebSocket(_Base):\n"
        "    async def receive_text(self) -> int:  # type: ignore[override]\n"
        "        return len(await super().receive_text())\n"
    ),
    "import_or_fallback": (
        "from wsproto_api.reference import WebSocketDisconnect, WebSocketState  # noqa: F401\n"
        "from wsproto_api.reference import WebSocket as _Base\n\n"
        "try:\n"
        "    import a_module_that_is_not_installed  # noqa: F401\n\n"
        "    WebSocket = _Base\n"
        "except ImportError:\n\n"
        "    class WebSocket(_Base):  # type: ignore[no-redef]\n"
        "        async def receive_text(self) -> int:  # type: ignore[override]\n"
        "            return len(await super().receive_text())\n"
    ),
}
"""Bindings whose WebSocket mypy types as the first of two definitions, not the class exported."""


@pytest.mark.parametrize("source", REDEFINED.values(), ids=REDEFINED.keys())
def test_mypy_typing_another_class_than_the_one_exported_is_exit_code_3(source: str, tmp_path: Path) -> None:
    (tmp_path / "redefined.py").write_text(source, encoding="utf-8")
    done = run_module("conformance", "redefined", "--static", "--checker", "mypy", "--json", "r.json", cwd=tmp_path)
    assert done.returncode == 3, done.stdout + done.stderr
    said = "mypy types the binding's WebSocket as wsproto_api.reference.websocket.WebSocket, but the class it exports"
    assert f"{said} is redefined.WebSocket" in done.stderr
    verdict = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"], verdict["exit_code"]) == (False, False, 3)


def test_files_named_relative_to_the_run_stay_there_when_the_binding_changes_directory(tmp_path: Path) -> None:
    # The static tier imports the binding into the process that writes the reports.
    (tmp_path / "elsewhere").mkdir()
    wandering = "import os\n\nos.chdir('elsewhere')\n\nfrom wsproto_api.reference import *  # noqa: E402, F403\n"
    (tmp_path / "wandering.py").write_text(wandering, encoding="utf-8")
    (tmp_path / "deviations.txt").write_text("# none\n", encoding="utf-8")
    (tmp_path / "r.json").write_text('{"verdict": {"conforms": false}}', encoding="utf-8")
    files = ("--json", "r.json", "--junit", "r.xml", "--markdown", "r.md", "--deviations", "deviations.txt")
    done = run_module("conformance", "wandering", "--static", "--checker", "mypy", *files, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    verdict = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["verdict"]
    assert (verdict["conforms"], verdict["complete"]) == (True, True)
    assert (tmp_path / "r.xml").is_file()
    assert (tmp_path / "r.md").is_file()
    assert list((tmp_path / "elsewhere").iterdir()) == []
