"""The reference whose URL text is rewritten by one function: one URL fault to a binding.

Not a binding itself: ``tests/bindings/precise_url_*.py`` build theirs with :func:`rewriting_url`.
"""

from __future__ import annotations

from collections.abc import Callable

from wsproto_api import reference
from wsproto_api.asgi import Scope
from wsproto_api.reference import URL
from wsproto_api.reference.url import url_from_scope

__all__ = ["rewriting_url"]


def rewriting_url(rewrite: Callable[[str, Scope], str]) -> type[reference.WebSocket]:
    """The reference's ``WebSocket`` whose ``url`` is ``rewrite(the reference's URL text, scope)``, built once."""

    class WebSocket(reference.WebSocket):
        __slots__ = ()

        @property
        def url(self) -> URL:
            """The reference's URL, rewritten."""
            if self._url is None:
                self._url = URL(rewrite(str(url_from_scope(self.scope, self.headers)), self.scope))
            return self._url

    return WebSocket
