"""The member inventory: what the contract's WebSocket has that a binding's connection lacks."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from conformance.binding import load_binding
from conformance.inventory import CONTRACT_MEMBERS, Inventory, take_inventory
from tests.bindings.partial_members import PRESENT
from tests.paths import ROOT
from tests.processes import run_module


def test_the_reference_and_starlette_have_every_member() -> None:
    for name in ("wsproto_api.reference", "starlette.websockets"):
        assert take_inventory(load_binding(name).connect()[1]) == Inventory(), name


def test_missing_members_and_members_of_the_wrong_kind_are_named() -> None:
    inventory = take_inventory(load_binding("tests.bindings.partial_members").connect()[1])
    assert inventory.missing == tuple(name for name in CONTRACT_MEMBERS if name not in PRESENT)
    assert inventory.wrong_kind == (("url", "an attribute, not a method"),)
    total = len(CONTRACT_MEMBERS)
    assert inventory.describe().startswith(f"members: {len(PRESENT)} of the contract's {total} present; missing: ")
    assert inventory.describe().endswith("; of the wrong kind: url (an attribute, not a method)")


def test_the_inventory_runs_none_of_the_bindings_code() -> None:
    class Connection:
        @property
        def url(self) -> str:
            raise SystemExit("a property was read")

        def __getattr__(self, name: str) -> object:
            raise SystemExit("__getattr__ was called")

    # Whatever __getattr__ might give is left to the clauses: nothing is reported missing.
    assert take_inventory(Connection()) == Inventory()


def test_a_method_where_the_contract_has_one_is_not_wrong_but_an_attribute_is() -> None:
    class Connection:
        accept = None  # the contract's accept() is a method

    inventory = take_inventory(Connection())
    assert ("accept", "a method") in inventory.wrong_kind
    assert "accept" not in inventory.missing


def test_the_inventory_opens_the_report(tmp_path: Path) -> None:
    report_path = tmp_path / "report.json"
    args = ("tests.bindings.partial_members", "--clause", "CLOSE-1", "--backend", "asyncio", "--json", str(report_path))
    result = run_module("conformance", *args, cwd=ROOT)
    assert (
        result.stdout.splitlines()[1]
        == "  " + take_inventory(load_binding("tests.bindings.partial_members").connect()[1]).describe()
    )
    members = json.loads(report_path.read_text(encoding="utf-8"))["members"]
    assert members == {
        "missing": [name for name in CONTRACT_MEMBERS if name not in PRESENT],
        "wrong_kind": {"url": "an attribute, not a method"},
    }


def test_a_callable_attribute_is_a_method_and_a_cached_property_an_attribute() -> None:
    class Connection:
        __slots__ = ("__dict__", "receive")  # Litestar keeps the ASGI callable itself in a slot

        def __init__(self) -> None:
            self.receive = print

        @functools.cached_property
        def url(self) -> str:  # baize caches its url
            return "ws://example.org/"

    inventory = take_inventory(Connection())
    assert "receive" not in {name for name, _ in inventory.wrong_kind}
    assert "url" not in {name for name, _ in inventory.wrong_kind}
    assert {"receive", "url"}.isdisjoint(inventory.missing)
