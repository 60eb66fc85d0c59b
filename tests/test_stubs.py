"""The stub-only distribution ``wsproto-api-stubs`` (stubs/): the contract, kept identical.

stubtest compares the stubs with the runtime modules member by member (names, signatures,
defaults, decorators); it does not compare annotations, so a second check compares the
stubs with the runtime sources statement by statement, docstrings aside. The built wheel
is checked for its layout, and application code is type-checked against the stubs in a
fresh environment that holds the stubs and nothing of the runtime package.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import pytest

import wsproto_api

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "stubs"
STUB_PACKAGE = STUBS / "wsproto_api-stubs"
ALLOWLIST = STUBS / "stubtest-allowlist.txt"
RUNTIME = ROOT / "wsproto_api"
MODULES = {"__init__": "wsproto_api", "protocols": "wsproto_api.protocols", "asgi": "wsproto_api.asgi"}


def stubs_as_package(directory: Path, edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """Copy the stubs into ``directory/wsproto_api``, applying ``{file: (old, new)}`` edits.

    Under that name the stubs are found through ``MYPYPATH``, which (unlike the ``-stubs``
    name) needs nothing installed.
    """
    package = directory / "wsproto_api"
    shutil.copytree(STUB_PACKAGE, package)
    for name, (old, new) in (edits or {}).items():
        path = package / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} should occur once in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return directory


def run_stubtest(search_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run stubtest on the stubs under ``search_dir`` against the working tree's modules."""
    # stubtest checks a package's submodules too, so naming wsproto_api.protocols and
    # wsproto_api.asgi as well makes mypy see them twice and refuse to run.
    command = [sys.executable, "-m", "mypy.stubtest", "--allowlist", str(ALLOWLIST), "wsproto_api"]
    # cwd=ROOT puts the working tree first on sys.path, so the runtime modules compared
    # are these, whatever else is installed.
    env = {**_clean_env(), "MYPYPATH": str(search_dir)}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def _clean_env() -> dict[str, str]:
    """The environment without search-path variables that would change what is found."""
    return {key: value for key, value in os.environ.items() if key not in {"MYPYPATH", "PYTHONPATH"}}


# -- stubtest ------------------------------------------------------------------------------


def test_stubtest_finds_the_stubs_identical_to_the_runtime(tmp_path: Path) -> None:
    completed = run_stubtest(stubs_as_package(tmp_path))
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Success: no issues found" in output, output


@pytest.mark.parametrize(
    ("stub_file", "old", "new", "member"),
    [
        pytest.param(
            "protocols.pyi",
            "subprotocol: str | None = None,",
            "sub_protocol: str | None = None,",
            "wsproto_api.protocols.WebSocket.accept",
            id="parameter-renamed",
        ),
        pytest.param(
            "protocols.pyi",
            "code: int = 1000",
            "code: int = 1001",
            "wsproto_api.protocols.WebSocket.close",
            id="default-changed",
        ),
        pytest.param(
            "asgi.pyi",
            '    "ASGIVersions",\n',
            "",
            "wsproto_api.asgi.__all__",
            id="export-dropped",
        ),
        pytest.param(
            "__init__.pyi",
            'SPEC_VERSION = "0.2.0"\n',
            "",
            "wsproto_api.SPEC_VERSION",
            id="name-dropped",
        ),
    ],
)
def test_stubtest_rejects_stubs_that_differ(tmp_path: Path, stub_file: str, old: str, new: str, member: str) -> None:
    completed = run_stubtest(stubs_as_package(tmp_path, {stub_file: (old, new)}))
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    assert re.search(rf"^error: {re.escape(member)}\b", output, re.MULTILINE), output


# -- the annotations -----------------------------------------------------------------------


def normalized(source: str) -> str:
    """The module's syntax tree without docstrings and ``__future__`` imports, as text.

    What is left (imports, ``__all__``, aliases, classes, signatures with their annotations,
    decorators and defaults) must be the same in a stub and in its runtime module.
    """
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        kept = [
            statement
            for statement in node.body
            if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant))
            and not (isinstance(statement, ast.ImportFrom) and statement.module == "__future__")
        ]
        # A function whose body was only a docstring keeps a body, as its stub does.
        node.body = kept or [ast.Expr(ast.Constant(...))]
    return ast.dump(tree, indent=1)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_stub_annotations_are_the_runtime_annotations(name: str) -> None:
    stub = normalized((STUB_PACKAGE / f"{name}.pyi").read_text(encoding="utf-8"))
    runtime = normalized((RUNTIME / f"{name}.py").read_text(encoding="utf-8"))
    assert stub == runtime, f"{name}.pyi differs from {MODULES[name]} beyond docstrings"


def test_annotation_comparison_rejects_a_changed_type() -> None:
    # stubtest accepts this change (it does not compare annotations); this comparison must not.
    source = (STUB_PACKAGE / "protocols.pyi").read_text(encoding="utf-8")
    old = "async def receive_text(self) -> str: ..."
    assert source.count(old) == 1
    changed = source.replace(old, "async def receive_text(self) -> bytes: ...")
    runtime = normalized((RUNTIME / "protocols.py").read_text(encoding="utf-8"))
    assert normalized(source) == runtime
    assert normalized(changed) != runtime


# -- the distribution ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def stub_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of stubs/, built from a copy so that the build leaves nothing in the tree."""
    directory = tmp_path_factory.mktemp("stub_wheel")
    source = directory / "source"
    shutil.copytree(STUBS, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    command = [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(directory / "dist")]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    (wheel,) = (directory / "dist").glob("*.whl")
    return wheel


def test_wheel_holds_the_stub_package(stub_wheel: Path) -> None:
    with zipfile.ZipFile(stub_wheel) as archive:
        names = set(archive.namelist())
        package = {name for name in names if not name.startswith("wsproto_api_stubs-")}
        assert package == {
            "wsproto_api-stubs/__init__.pyi",
            "wsproto_api-stubs/protocols.pyi",
            "wsproto_api-stubs/asgi.pyi",
            "wsproto_api-stubs/py.typed",
        }
        # partial: the stubs cover the contract, not wsproto_api.reference (PEP 561).
        assert archive.read("wsproto_api-stubs/py.typed") == b"partial\n"
        (metadata_name,) = (name for name in names if name.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert metadata["Name"] == "wsproto-api-stubs"
    assert metadata["Version"] == project["version"] == wsproto_api.__version__


# -- application code against the stubs alone ---------------------------------------------

APP = """
from __future__ import annotations

from collections.abc import AsyncIterator, Collection
from typing import Any

from typing_extensions import assert_type

import wsproto_api


async def chat(ws: wsproto_api.WebSocket) -> None:
    await ws.accept(subprotocol="chat")
    reveal_type(ws.url.port)
    assert_type(await ws.receive_json(), Any)
    assert_type(await ws.receive_json(mode="binary"), Any)
    assert_type(ws.url.port, int | None)
    assert_type(ws.url.replace(path="/other"), wsproto_api.URL)
    assert_type(ws.headers.getlist("x"), list[str])
    assert_type(ws.headers.get("x", ""), str)
    assert_type(ws.query_params.multi_items(), Collection[tuple[str, str]])
    assert_type(ws.headers.items(), Collection[tuple[str, str]])
    assert_type(ws.client, wsproto_api.Address | None)
    assert_type(ws.iter_text(), AsyncIterator[str])
    event: wsproto_api.WebSocketSendEvent = {"type": "websocket.send", "text": "hi"}
    await ws.send(dict(event))
    await ws.close(code=4000, reason="bye")


def build(factory: wsproto_api.WebSocketFactory, scope: wsproto_api.Scope) -> wsproto_api.WebSocket:
    return factory(scope)


async def misuse(ws: wsproto_api.WebSocket) -> None:
    await ws.receive_json(mode="xml")  # E: arg-type
    port: int = ws.url.port  # E: assignment
    ws.headers["x"] = "y"  # E: index
    event: wsproto_api.WebSocketSendEvent = {"type": "websocket.send", "txt": "hi"}  # E: typeddict-unknown-key


import wsproto_api.reference  # E: import-not-found
"""

OUTPUT_LINE = re.compile(
    r"^app\.py:(?P<line>\d+): (?P<severity>error|note): (?P<message>.*?)(?:  \[(?P<code>[a-z-]+)\])?$"
)
EXPECTATION = re.compile(r"#\s*E:\s*([a-z-]+)\s*$")


def test_stubs_alone_type_application_code(stub_wheel: Path, tmp_path: Path) -> None:
    # A fresh environment with only the stub wheel installed: mypy finds wsproto_api through
    # wsproto_api-stubs (PEP 561), and the last probe line shows the runtime is not there.
    environment = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)], check=True, timeout=120)
    python = environment / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*install, str(stub_wheel)], check=True, timeout=120, capture_output=True)
    project = tmp_path / "project"
    project.mkdir()
    source = textwrap.dedent(APP).lstrip("\n")
    (project / "app.py").write_text(source, encoding="utf-8")
    (project / "mypy.ini").write_text("[mypy]\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file",
        "mypy.ini",
        "--python-executable",
        str(python),
        "--python-version",
        "3.11",
        "--no-incremental",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--show-error-codes",
        "--no-error-summary",
        "--no-pretty",
        "--no-color-output",
        "app.py",
    ]
    completed = subprocess.run(
        command, cwd=project, env=_clean_env(), capture_output=True, text=True, timeout=120, check=False
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    errors: set[tuple[int, str]] = set()
    notes: dict[int, list[str]] = {}
    for raw in completed.stdout.splitlines():
        match = OUTPUT_LINE.match(raw)
        assert match, f"unexpected mypy output line {raw!r}\n{output}"
        if match["severity"] == "error":
            errors.add((int(match["line"]), match["code"] or ""))
        else:
            notes.setdefault(int(match["line"]), []).append(match["message"])
    lines = source.splitlines()
    expected = {
        (number, found.group(1)) for number, text in enumerate(lines, start=1) if (found := EXPECTATION.search(text))
    }
    assert len(expected) == 5
    assert errors == expected, output
    reveal = next(number for number, text in enumerate(lines, start=1) if "reveal_type(" in text)
    assert 'Revealed type is "int | None"' in notes.get(reveal, []), output
