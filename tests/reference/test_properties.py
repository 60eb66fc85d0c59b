"""Properties of URL, Headers and QueryParams over generated inputs."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from conformance.peer import make_scope
from wsproto_api.reference import URL, Headers, QueryParams, WebSocket

PROPERTY = settings(max_examples=200, deadline=None, derandomize=True, database=None)

LATIN1 = st.characters(min_codepoint=0, max_codepoint=0xFF)
TEXT = st.characters(exclude_categories=["Cs"])
HOSTNAME = st.from_regex(r"[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?(?:\.[a-z0-9]{1,8}){0,2}", fullmatch=True)
QUERY = st.text(alphabet="abcxyz019=&%+-._~", max_size=20)


def case_variants(char: str) -> list[str]:
    """``char`` and, for an ASCII letter, its other case: HDR-2 folds ASCII letters only."""
    return sorted({char, char.lower(), char.upper()}) if char.isascii() else [char]


@st.composite
def name_and_recased(draw: st.DrawFn) -> tuple[str, str]:
    """A latin-1 header name and the same name with the case of some letters changed."""
    name = draw(st.text(alphabet=LATIN1, min_size=1, max_size=12))
    recased = "".join(draw(st.sampled_from(case_variants(char))) for char in name)
    return name, recased


# -- Headers (HDR-2, HDR-9, HDR-10, HDR-12) ----------------------------------------------


@pytest.mark.clause("HDR-2", "HDR-5")
@PROPERTY
@given(pair=name_and_recased(), other=st.text(alphabet=LATIN1, min_size=1, max_size=12))
def test_header_lookup_ignores_case(pair: tuple[str, str], other: str) -> None:
    name, recased = pair
    assume(other.encode("latin-1").lower() != name.encode("latin-1").lower())
    headers = Headers([(other.encode("latin-1"), b"other"), (name.encode("latin-1"), b"value")])
    for asked in (name, recased):
        assert asked in headers
        assert headers[asked] == "value"
        assert headers.get(asked) == "value"
        assert headers.getlist(asked) == ["value"]


@pytest.mark.clause("HDR-10", "HDR-12")
@PROPERTY
@given(
    pairs=st.lists(
        st.tuples(st.sampled_from(["a", "A", "x-b", "X-B", "c"]), st.text(alphabet=LATIN1, max_size=8)),
        max_size=12,
    )
)
def test_header_values_keep_scope_order(pairs: list[tuple[str, str]]) -> None:
    raw = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in pairs]
    headers = Headers(raw)
    assert headers.items() == pairs
    assert headers.keys() == [name for name, _ in pairs]
    assert headers.values() == [value for _, value in pairs]
    assert len(headers) == len(pairs)
    assert headers.raw == raw
    for asked in ("a", "X-b", "C", "missing"):
        expected = [value for name, value in pairs if name.lower() == asked.lower()]
        assert headers.getlist(asked) == expected
        if expected:
            assert headers[asked] == expected[0]
        else:
            assert asked not in headers


# -- QueryParams (QP-3, QP-4, QP-6 to QP-10) ---------------------------------------------


@pytest.mark.clause("QP-6", "QP-8", "QP-4")
@PROPERTY
@given(pairs=st.lists(st.tuples(st.text(alphabet=TEXT, max_size=6), st.text(alphabet=TEXT, max_size=6)), max_size=6))
def test_query_params_round_trip_from_pairs(pairs: list[tuple[str, str]]) -> None:
    params = QueryParams.from_query_string(urlencode(pairs).encode("ascii"))
    assert params.multi_items() == pairs
    again = QueryParams.from_query_string(str(params).encode("ascii"))
    assert again.multi_items() == params.multi_items()
    assert str(again) == str(params)


@pytest.mark.clause("QP-6", "QP-4")
@PROPERTY
@given(query_string=st.text(alphabet="ab=&+%0F9Ce", max_size=24))
def test_query_params_round_trip_from_any_query_string(query_string: str) -> None:
    params = QueryParams.from_query_string(query_string.encode("ascii"))
    again = QueryParams.from_query_string(str(params).encode("ascii"))
    assert again.multi_items() == params.multi_items()


# -- URL (URL-2, URL-4, URL-7, URL-8) ----------------------------------------------------


@pytest.mark.clause("URL-2", "URL-4", "URL-8")
@PROPERTY
@given(
    scheme=st.sampled_from(["ws", "wss"]),
    host=HOSTNAME,
    port=st.none() | st.integers(min_value=0, max_value=65535),
    path=st.text(alphabet=TEXT, max_size=12).map(lambda text: "/" + text),
    query=QUERY,
)
def test_url_string_round_trip(scheme: str, host: str, port: int | None, path: str, query: str) -> None:
    netloc = host if port is None else f"{host}:{port}"
    scope = make_scope(scheme=scheme, path=path, query_string=query.encode(), headers=[(b"host", netloc.encode())])
    url = WebSocket(scope).url
    again = URL(str(url))
    assert again == url
    split = urlsplit(str(url))
    for parsed in (url, again):
        assert parsed.scheme == split.scheme == scheme
        assert parsed.netloc == split.netloc == netloc
        assert parsed.path == split.path
        assert parsed.query == split.query
        assert parsed.fragment == split.fragment == ""
        assert parsed.hostname == split.hostname == host
        assert parsed.port == split.port == port
        assert parsed.username is None
        assert parsed.password is None
        assert parsed.is_secure is (scheme == "wss")


@pytest.mark.clause("URL-2", "URL-7")
@PROPERTY
@given(path=st.text(alphabet=TEXT, max_size=16).map(lambda text: "/" + text), query=QUERY)
def test_path_cannot_change_query_or_fragment(path: str, query: str) -> None:
    url = WebSocket(make_scope(path=path, query_string=query.encode())).url
    escaped = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    assert url == f"ws://example.org{escaped}" + (f"?{query}" if query else "")
    assert url.netloc == "example.org"
    assert not {"?", "#", "\\"} & set(url.path)
    assert url.query == query
    assert url.fragment == ""


@pytest.mark.clause("URL-6", "URL-7")
@PROPERTY
@given(path=st.text(alphabet=TEXT, max_size=16).map(lambda text: "/" + text), query=QUERY)
def test_relative_path_cannot_change_query_or_fragment(path: str, query: str) -> None:
    url = WebSocket(make_scope(path=path, query_string=query.encode(), headers=[], server=None)).url
    assert not {"?", "#", "\\"} & set(url.path)
    assert url.query == query
    assert url.fragment == ""
