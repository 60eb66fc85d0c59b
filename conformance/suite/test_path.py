"""PATH: path parameters."""

from __future__ import annotations

from typing import cast

import pytest

from conformance import expect
from conformance.binding import Binding
from conformance.peer import make_scope

pytestmark = pytest.mark.anyio


@pytest.mark.clause("PATH-1")
@pytest.mark.parametrize("params", [{"room": "lobby", "id": 3}, {}], ids=["filled", "empty"])
def test_path_params_is_the_scope_dict(binding: Binding, params: dict[str, object]) -> None:
    _, ws = binding.connect(scope=make_scope(path_params=params))
    seen: object = ws.path_params
    expect.true(seen is params, "ws.path_params to be the scope's path_params dict itself", seen)
    expect.equal(seen, dict(params), "ws.path_params")


@pytest.mark.clause("PATH-1")
def test_path_params_follows_the_scope(binding: Binding) -> None:
    # A router fills in path_params after the connection object may already exist.
    scope = make_scope()
    _, ws = binding.connect(scope=scope)
    params = {"room": "lobby"}
    scope["path_params"] = params
    seen: object = ws.path_params
    expect.true(seen is params, "ws.path_params to be the dict set in the scope after construction", seen)


@pytest.mark.clause("PATH-1")
def test_path_params_empty_without_scope_key(binding: Binding) -> None:
    _, ws = binding.connect(scope=make_scope())
    # As a plain object: the contract's type already claims a dict, the check is on the binding.
    seen = cast(object, ws.path_params)
    expect.true(isinstance(seen, dict), "ws.path_params to be a dict without path_params in the scope", type(seen))
    expect.equal(seen, {}, "ws.path_params without path_params in the scope")
