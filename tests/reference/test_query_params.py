"""Reference-only: equality of ``wsproto_api.reference.QueryParams`` (SPEC.md does not define it).

The QP clauses themselves are checked through any binding by conformance/suite/test_qp.py.
"""

from __future__ import annotations

import pytest

from wsproto_api.reference import QueryParams


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (b"a=1&b=2", b"b=2&a=1", True),
        # The order of a key's values decides which one params[key] gives.
        (b"a=1&a=2", b"a=2&a=1", False),
        (b"a=1", b"a=1&a=1", False),
    ],
)
def test_equality_keeps_the_order_of_each_keys_values(left: bytes, right: bytes, equal: bool) -> None:
    assert (QueryParams.from_query_string(left) == QueryParams.from_query_string(right)) is equal
