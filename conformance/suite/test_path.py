"""PATH: path parameters."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import cast

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.peer import make_scope
from conformance.suite import support

pytestmark = pytest.mark.anyio


def check_path_params(seen: object, expected: dict[str, object], what: str) -> None:
    """Fail unless ``seen`` is a mapping whose items are ``expected`` (compared as values, SPEC.md's conventions)."""
    expect.true(isinstance(seen, Mapping), f"{what}: a mapping", type(seen))
    expect.equal(dict(cast("Mapping[object, object]", seen).items()), expected, what)


class RouterParams(dict[str, object]):
    """A router's own class of path parameters: a ``dict``, which holds them as any other does."""


@pytest.mark.clause("PATH-1")
@pytest.mark.parametrize(
    "params",
    [
        {"room": "lobby", "id": 3},
        {"room": "lobby"},
        {"a": "1", "b": ["x", "y"], "c": None},
        {},
        RouterParams(room="lobby", id=3),
    ],
    ids=["filled", "one", "any-values", "empty", "dict-subclass"],
)
def test_path_params_equal_the_scope_path_params(binding: Binding, params: dict[str, object]) -> None:
    _, ws = support.built(binding, scope=make_scope(path_params=params))
    check_path_params(ws.path_params, dict(params), f"ws.path_params for the scope's path_params {params!r}")


@pytest.mark.clause("PATH-1")
def test_path_params_follow_the_scope(binding: Binding) -> None:
    # A router fills in path_params after the connection object may already exist.
    scope = make_scope()
    _, ws = support.connected(binding, scope=scope)
    scope["path_params"] = {"room": "lobby"}
    check_path_params(ws.path_params, {"room": "lobby"}, "ws.path_params after path_params was set in the scope")


@pytest.mark.clause("PATH-1")
def test_path_params_set_after_a_first_read(binding: Binding) -> None:
    scope = make_scope()
    _, ws = support.connected(binding, scope=scope)
    check_path_params(ws.path_params, {}, "ws.path_params without path_params in the scope")
    scope["path_params"] = {"room": "lobby"}
    check_path_params(ws.path_params, {"room": "lobby"}, "ws.path_params set in the scope after a first read")
    # A router further down puts a new dict in its place, after the filled one was read (as a Mount does).
    scope["path_params"] = {"room": "lobby", "id": 7}
    check_path_params(ws.path_params, {"room": "lobby", "id": 7}, "ws.path_params replaced after a filled one was read")


@pytest.mark.clause("PATH-1")
def test_path_params_follow_a_change_to_the_scopes_own(binding: Binding) -> None:
    # A router may fill in the dict the scope already holds rather than replace it.
    scope = make_scope(path_params={})
    _, ws = support.connected(binding, scope=scope)
    check_path_params(ws.path_params, {}, "ws.path_params for an empty path_params in the scope")
    cast("dict[str, object]", scope["path_params"])["room"] = "lobby"
    check_path_params(ws.path_params, {"room": "lobby"}, "ws.path_params after the scope's path_params was filled in")
    # A router further down puts a new dict in its place, though the scope held one when the connection was built.
    scope["path_params"] = {"room": "lobby", "id": 7}
    check_path_params(
        ws.path_params, {"room": "lobby", "id": 7}, "ws.path_params replaced after the connection was built"
    )


@pytest.mark.clause("PATH-1")
def test_path_params_empty_without_scope_key(binding: Binding) -> None:
    _, ws = support.connected(binding, scope=make_scope())
    check_path_params(ws.path_params, {}, "ws.path_params without path_params in the scope")


@pytest.mark.clause("PATH-1")
def test_path_params_of_each_connection_are_its_own(binding: Binding) -> None:
    # An application may add to the mapping it is given (Starlette's is a dict): that must
    # not show on another connection, whose scope has no path_params.
    _, first = support.connected(binding, scope=make_scope())
    given = cast(object, first.path_params)  # the contract says a dict; a binding may give another mapping
    if isinstance(given, MutableMapping):
        cast("MutableMapping[str, object]", given)["tenant"] = "acme"
    _, second = support.connected(binding, scope=make_scope())
    check_path_params(second.path_params, {}, "ws.path_params of a second connection without path_params")
