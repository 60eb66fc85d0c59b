"""Reference-only: equality of ``wsproto_api.reference.Headers`` (SPEC.md does not define it).

The HDR clauses themselves are checked through any binding by conformance/suite/test_hdr.py.
"""

from __future__ import annotations

import pytest

from wsproto_api.reference import Headers


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        ([(b"a", b"1"), (b"b", b"2")], [(b"b", b"2"), (b"a", b"1")], True),
        # The order of a name's values decides which one headers[name] gives.
        ([(b"a", b"1"), (b"a", b"2")], [(b"a", b"2"), (b"a", b"1")], False),
    ],
)
def test_equality_keeps_the_order_of_each_names_values(
    left: list[tuple[bytes, bytes]], right: list[tuple[bytes, bytes]], equal: bool
) -> None:
    assert (Headers(left) == Headers(right)) is equal
