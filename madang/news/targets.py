"""Where one request of a fetch goes: the URL checked, then the host resolved once.

Every hop of a fetch, the first and each redirect, comes through ``target_of``
(scheme, port, host) and then ``pinned_addresses`` (resolution and addresses):
a redirect is checked exactly as a link a writer typed. The addresses returned
are the only ones the request may connect to; the host name is not resolved
again, so a name whose DNS answer changes between the check and the connection
(DNS rebinding) gets no second chance.

Tests run local servers on 127.0.0.1, which the policy forbids. The one way
round it is ``MADANG_NEWS_FETCH_ALLOW``, a list of exact ``address:port`` pairs,
empty unless a test sets it and read from no environment variable: the pair is
allowed, and nothing else is (another port of the same address, or a name for
the machine such as ``localhost``, is refused as ever).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings

from madang.news import addresses
from madang.news.errors import FetchFailed, FetchRefused

SCHEMES = ("http", "https")
PORTS = (80, 443)
DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_.")


@dataclass(frozen=True)
class Target:
    url: str  # as requested, without its fragment (never sent)
    scheme: str
    host: str  # lower-case, in ASCII (IDNA), without brackets
    port: int
    path: str  # the path and query of the request line


def target_of(url: str) -> Target:
    """The URL's parts, refused when the policy says no before any resolution:
    scheme, port, credentials, and host names that are never public."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise FetchRefused("url", str(error)) from error
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise FetchRefused("scheme", scheme or "none")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("url", "credentials in the address")
    host = _ascii_host(parts.hostname or "")
    port = DEFAULT_PORTS[scheme] if port is None else port
    if port not in PORTS and port not in {port for _address, port in _allowance()}:
        raise FetchRefused("port", str(port))
    reason = addresses.host_refusal(host)
    if reason is not None:
        raise FetchRefused("address", f"{host}: {reason}")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    url = urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    return Target(url=url, scheme=scheme, host=host, port=port, path=_request_path(path))


def _request_path(path: str) -> str:
    """The path in the request line: ASCII, with what is not (Korean words, spaces,
    control characters) percent-encoded as UTF-8, as a browser sends it."""
    return "".join(
        character if 32 < ord(character) < 127 else quote(character, safe="") for character in path
    )


def _ascii_host(host: str) -> str:
    if not host:
        raise FetchRefused("url", "no host")
    if ":" in host:  # an IPv6 literal; urlsplit has checked the brackets' content
        if addresses.literal_address(host) is None:
            raise FetchRefused("url", "not an IPv6 address")
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
    except UnicodeError as error:
        raise FetchRefused("url", "host name not encodable") from error
    if not ascii_host or not set(ascii_host) <= _HOST_CHARACTERS:
        raise FetchRefused("url", "characters a host name cannot hold")
    return ascii_host


def pinned_addresses(target: Target, *, seconds: float) -> list[addresses.IPAddress]:
    """The addresses the request may connect to: the host resolved once (within
    ``seconds``), refused if any address it has is not public."""
    literal = addresses.literal_address(target.host)
    found = [literal] if literal is not None else _resolve_within(target.host, seconds)
    allowed = _allowance()
    for address in found:
        if (address, target.port) in allowed:
            continue
        if target.port not in PORTS:
            raise FetchRefused("port", f"{address}:{target.port}")
        reason = addresses.address_refusal(address)
        if reason is not None:
            raise FetchRefused("address", f"{target.host} -> {address}: {reason}")
    return found


def _resolve_within(host: str, seconds: float) -> list[addresses.IPAddress]:
    """The resolver cannot be given a timeout, so it runs in a thread of its own that
    the fetch stops waiting for at its deadline (the thread ends with the resolver's
    own timeouts)."""
    outcome: list[list[addresses.IPAddress] | Exception] = []

    def run() -> None:
        try:
            outcome.append(addresses.resolve(host))
        except (OSError, UnicodeError, ValueError) as error:
            outcome.append(error)

    thread = threading.Thread(target=run, name="news-resolve", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        raise FetchFailed("timeout", f"resolving {host}")
    found = outcome[0]
    if isinstance(found, Exception):
        raise FetchFailed("dns", f"{host}: {found}") from found
    if not found:
        raise FetchFailed("dns", f"{host}: no address")
    return found


def _allowance() -> frozenset[tuple[addresses.IPAddress, int]]:
    return addresses.parse_allowance(list(getattr(settings, "MADANG_NEWS_FETCH_ALLOW", [])))
