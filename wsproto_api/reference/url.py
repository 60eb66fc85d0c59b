"""The connection URL: a ``str`` that also exposes its parts (SPEC.md, URL)."""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final, SupportsIndex, overload
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from wsproto_api.asgi import Scope
from wsproto_api.reference.headers import Headers
from wsproto_api.reference.scope import scope_path, scope_query_string, scope_server

__all__ = ["URL", "url_from_scope"]

DEFAULT_PORTS: Final = {"ws": 80, "wss": 443, "http": 80, "https": 443}
"""The ports a URL leaves out for each scheme (URL-5)."""

# RFC 3986 section 3.2.2: a reg-name or IPv4 address, or an IP literal in brackets, then an
# optional port. Anything else could move the URL's path or authority, so it is not used.
_HOST_HEADER: Final = re.compile(
    r"(?P<host>[a-z0-9._~%!$&'()*+,;=-]+"
    r"|\[(?:(?P<ipv6>[a-f0-9]*:[a-f0-9.:]+)|(?-i:v)[a-f0-9]+\.[a-z0-9._~!$&'()*+,;=:-]+)\])"
    r"(?::(?P<port>[0-9]+))?",
    re.IGNORECASE,
)
_MAX_PORT_DIGITS: Final = 5
_MAX_PORT: Final = 65535


class _Unset(enum.Enum):
    UNSET = enum.auto()


_UNSET: Final = _Unset.UNSET


_REMEMBERED_HOST_LENGTH: Final = 255
"""The longest ``host`` value whose verdict is remembered: the longest DNS name, and a bound on
what clients can make the cache hold."""


def valid_host_header(value: str) -> bool:
    """Whether a ``host`` header value may serve as the URL's netloc (URL-4)."""
    if len(value) <= _REMEMBERED_HOST_LENGTH:
        return _remembered_host_verdict(value)
    return _host_verdict(value)


def _host_verdict(value: str) -> bool:
    match = _HOST_HEADER.fullmatch(value)
    if match is None:
        return False
    ipv6 = match["ipv6"]
    if ipv6 is not None:
        try:
            ipaddress.IPv6Address(ipv6)
        except ValueError:
            return False
    port: str | None = match["port"]
    if port is None:
        return True
    significant = port.lstrip("0")
    return len(significant) <= _MAX_PORT_DIGITS and int(significant or "0") <= _MAX_PORT


# Every connection to a server sends one of a few host names: remember the verdicts.
_remembered_host_verdict: Final = lru_cache(maxsize=256)(_host_verdict)


_last_split: Final[list[tuple[str, SplitResult]]] = [("", urlsplit(""))]
"""The text of the URL whose components were read last, and its split.

An application reads a URL's components one after another, each a property that splits it
again, and a server's connections mostly share a few URLs. urlsplit's own cache finds a
split by building a key and hashing it; this entry, by comparing one text.
"""


def _bracket_ipv6(host: str) -> str:
    if ":" in host and not host.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return host
        return f"[{host}]"
    return host


class URL(str):
    """A URL string with its components as properties (URL-1, URL-8 to URL-12).

    It is a ``str`` in every respect (equality, hashing, slicing, formatting); the parsed
    components are computed on first use.
    """

    # No instance dict: a connection keeps its URL, and a dict to cache the split in would
    # cost more memory than the URL. urlsplit keeps its own cache of recent results, so
    # reading one component after another splits the URL once.
    __slots__ = ()

    @property
    def components(self) -> SplitResult:
        """The URL split by ``urllib.parse.urlsplit``."""
        last = _last_split[0]
        # A subclass may compare as it likes, so only a URL's text is matched.
        if self.__class__ is URL and last[0] == self:
            return last[1]
        split = urlsplit(self)
        # One assignment: a thread that reads the entry meanwhile sees the old pair or the new one.
        _last_split[0] = (str(self), split)
        return split

    @property
    def scheme(self) -> str:
        """The scheme (URL-3)."""
        return self.components.scheme

    @property
    def netloc(self) -> str:
        """The authority, ``[userinfo@]host[:port]`` (URL-4, URL-5)."""
        return self.components.netloc

    @property
    def path(self) -> str:
        """The path (URL-7)."""
        return self.components.path

    @property
    def query(self) -> str:
        """The query string, without ``?``."""
        return self.components.query

    @property
    def fragment(self) -> str:
        """The fragment, without ``#``."""
        return self.components.fragment

    @property
    def username(self) -> str | None:
        """The user name, or ``None``."""
        return self.components.username

    @property
    def password(self) -> str | None:
        """The password, or ``None``."""
        return self.components.password

    @property
    def hostname(self) -> str | None:
        """The host, lower-cased, without IPv6 brackets, or ``None``."""
        return self.components.hostname

    @property
    def port(self) -> int | None:
        """The explicit port, or ``None``."""
        return self.components.port

    @property
    def is_secure(self) -> bool:
        """True when the scheme is ``wss`` or ``https`` (URL-17)."""
        return self.scheme in ("wss", "https")

    @overload
    def replace(self, old: str, new: str, count: SupportsIndex = -1, /) -> str: ...
    @overload
    def replace(
        self,
        /,
        *,
        scheme: str = ...,
        netloc: str = ...,
        path: str = ...,
        query: str = ...,
        fragment: str = ...,
        username: str | None = ...,
        password: str | None = ...,
        hostname: str | None = ...,
        port: int | None = ...,
    ) -> URL: ...
    def replace(
        self,
        old: str | _Unset = _UNSET,
        new: str | _Unset = _UNSET,
        count: SupportsIndex = -1,
        /,
        *,
        scheme: str | _Unset = _UNSET,
        netloc: str | _Unset = _UNSET,
        path: str | _Unset = _UNSET,
        query: str | _Unset = _UNSET,
        fragment: str | _Unset = _UNSET,
        username: str | _Unset | None = _UNSET,
        password: str | _Unset | None = _UNSET,
        hostname: str | _Unset | None = _UNSET,
        port: int | _Unset | None = _UNSET,
    ) -> str:
        """Return a new URL with the given components replaced and the others kept (URL-9).

        ``username``, ``password``, ``hostname`` and ``port`` rebuild the netloc from its
        parts; ``hostname=None`` keeps the current host. Called with positional arguments,
        this is ``str.replace``, because a URL is a ``str`` (URL-1, URL-18); both at once raise
        ``TypeError`` (URL-19).
        """
        components = (scheme, netloc, path, query, fragment, username, password, hostname, port)
        if not isinstance(old, _Unset) or not isinstance(new, _Unset):
            if isinstance(old, _Unset) or isinstance(new, _Unset) or any(c is not _UNSET for c in components):
                raise TypeError(
                    "URL.replace() takes either str.replace(old, new[, count]) or URL components as keywords"
                )
            return str.replace(self, old, new, count)
        split = self.components
        if not (username is _UNSET and password is _UNSET and hostname is _UNSET and port is _UNSET):
            netloc = self._netloc_with(username, password, hostname, port)
        return URL(
            urlunsplit(
                (
                    split.scheme if isinstance(scheme, _Unset) else scheme,
                    split.netloc if isinstance(netloc, _Unset) else netloc,
                    split.path if isinstance(path, _Unset) else path,
                    split.query if isinstance(query, _Unset) else query,
                    split.fragment if isinstance(fragment, _Unset) else fragment,
                )
            )
        )

    def _netloc_with(
        self,
        username: str | _Unset | None,
        password: str | _Unset | None,
        hostname: str | _Unset | None,
        port: int | _Unset | None,
    ) -> str:
        if hostname is _UNSET or hostname is None:
            host = self.netloc.rpartition("@")[2]
            if host and not host.endswith("]"):
                host = host.rsplit(":", 1)[0]
        else:
            host = _bracket_ipv6(hostname)
        new_port = self.port if port is _UNSET else port
        user = self.username if username is _UNSET else username
        secret = self.password if password is _UNSET else password
        netloc = host if new_port is None else f"{host}:{new_port}"
        if user is None:
            return netloc
        userinfo = user if secret is None else f"{user}:{secret}"
        return f"{userinfo}@{netloc}"

    def include_query_params(self, **params: object) -> URL:
        """A new URL with the given parameters set, others kept (URL-10)."""
        added = {key: str(value) for key, value in params.items()}
        kept = [(key, value) for key, value in parse_qsl(self.query, keep_blank_values=True) if key not in added]
        return self.replace(query=urlencode([*kept, *added.items()]))

    def replace_query_params(self, **params: object) -> URL:
        """A new URL whose query is exactly the given parameters (URL-11)."""
        return self.replace(query=urlencode([(key, str(value)) for key, value in params.items()]))

    def remove_query_params(self, keys: str | Sequence[str]) -> URL:
        """A new URL without the parameters named by ``keys`` (URL-12)."""
        removed = {keys} if isinstance(keys, str) else set(keys)
        kept = [(key, value) for key, value in parse_qsl(self.query, keep_blank_values=True) if key not in removed]
        return self.replace(query=urlencode(kept))

    def __repr__(self) -> str:
        shown = self.replace(password="********") if self.password else self
        return f"{type(self).__name__}({str(shown)!r})"


def _server_netloc(scope: Scope, scheme: str) -> str | None:
    server = scope_server(scope)
    if server is None:
        return None
    host, port = server
    if port is None:
        # A Unix socket: its "host" is a file path, which is no part of a URL (URL-16).
        return None
    host = _bracket_ipv6(host)
    return host if DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"


def url_from_scope(scope: Scope, headers: Headers) -> URL:
    """The connection URL for ``scope`` (URL-2 to URL-7), using its parsed ``headers``."""
    scheme = scope.get("scheme") or "ws"
    if not isinstance(scheme, str):
        raise TypeError(f"scope['scheme'] must be a str, not {type(scheme).__name__}")
    path = scope_path(scope)
    # Tested first: a path seldom holds any of them, and a test costs less than a replace.
    if "?" in path or "#" in path or "\\" in path:
        path = path.replace("?", "%3F").replace("#", "%23").replace("\\", "%5C")
    try:
        query = scope_query_string(scope).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"scope['query_string'] is not valid UTF-8 (ASGI sends it percent-encoded): {exc}") from None

    host = headers.get("host")
    netloc = host if host is not None and valid_host_header(host) else _server_netloc(scope, scheme)
    if netloc is None:
        if path.startswith("//"):
            # With no authority, a leading "//" would be read as one.
            path = "/%2F" + path[2:]
        return URL(f"{path}?{query}" if query else path)
    if path and not path.startswith("/"):
        path = "/" + path
    return URL(f"{scheme}://{netloc}{path}?{query}" if query else f"{scheme}://{netloc}{path}")
