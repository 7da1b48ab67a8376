"""The query parameters a cached page reads: the only part of the query in its key.

Each cached view declares the parameters it reads and how it parses a value
(``Reads``). The page's key holds those alone, in a fixed order and as the view
parses them, so that ``?utm_source=...``, ``?x=1`` or ``?page=01`` share the
entry of the page without them instead of forcing a render each. The render
sees the same query alone (``reading_only``): nothing else in the address can
reach the stored page, such as the login link's way back to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from django.http import HttpRequest, QueryDict
from django.utils.http import urlencode

# Each parameter's parser gives the value as the key holds it, or None when the
# view reads the value as no value at all (an empty category, page 1).
Reads = Mapping[str, Callable[[str], str | None]]
NOTHING: Reads = {}


def text(value: str) -> str | None:
    """A parameter read as text: an empty value is no value."""
    return value or None


def query_read(request: HttpRequest, reads: Reads) -> str:
    """The part of the query the page reads, parsed as its view parses it, in a fixed
    order. Like the view, it takes the last value of a parameter given twice."""
    pairs = []
    for name in sorted(reads):
        raw = request.GET.get(name)
        value = None if raw is None else reads[name](raw)
        if value is not None:
            pairs.append((name, value))
    return urlencode(pairs)


@contextmanager
def reading_only(request: HttpRequest, query: str) -> Iterator[None]:
    """The request, while a page is rendered, with ``query`` for its whole query."""
    original = request.GET, request.META.get("QUERY_STRING", "")
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    try:
        yield
    finally:
        request.GET, request.META["QUERY_STRING"] = original
