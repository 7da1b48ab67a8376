"""Which hosts and addresses a link preview may connect to: public ones only.

A preview is fetched by the server, from inside its network, for an address
any writer chose: without this policy a post could make madang read its own
admin ports, the database, the cloud's metadata service (credentials) or a
router on the LAN, and show what it found in a card (SSRF). The rules are plain
functions over ``ipaddress`` values, so that each one has a test of its own.

What is refused, and why each is listed:

- everything ``ipaddress`` does not call public: private, loopback, link-local,
  multicast, reserved, unspecified, site-local, and whatever is not global
  (documentation and benchmarking networks, 192.0.0.0/24, broadcast);
- a list of our own on top, so that the policy does not change with the Python
  release (their lists moved in 3.11 and 3.12): 0.0.0.0/8, shared address space
  100.64.0.0/10 (carrier NAT, and Alibaba's metadata), 240.0.0.0/4;
- the clouds' metadata addresses by name, public ones included (Azure's
  168.63.129.16 is in public space);
- IPv6 forms that carry an IPv4 address: IPv4-mapped (``::ffff:a.b.c.d``, which
  a dual-stack socket connects to the IPv4 address) and IPv4-compatible
  (``::a.b.c.d``, deprecated) are refused outright; 6to4 (2002::/16), NAT64
  (64:ff9b::/96 and 64:ff9b:1::/48) and Teredo have their inner IPv4 address
  checked like any other, since an IPv6-only network reaches ordinary IPv4 sites
  through NAT64;
- host names that are numbers written oddly (``2130706433``, ``0177.0.0.1``,
  ``0x7f.1``, ``127.1``): resolvers read them as IPv4 addresses, and a check that
  reads them differently is a bypass. Only the canonical dotted form is taken as
  an address; any other numeric host is refused before it is resolved;
- names that mean this machine or its network whatever DNS says: ``localhost``
  and ``*.localhost``, ``*.localdomain``, ``*.local`` (mDNS), ``*.internal``
  (private use: ``metadata.google.internal``), ``*.home.arpa``, ``*.onion``.
"""

from __future__ import annotations

import ipaddress
import re
import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NOT_PUBLIC_V4 = {
    ipaddress.IPv4Network("0.0.0.0/8"): "this network",
    ipaddress.IPv4Network("100.64.0.0/10"): "shared",
    ipaddress.IPv4Network("192.0.0.0/24"): "protocol assignments",
    ipaddress.IPv4Network("198.18.0.0/15"): "benchmarking",
    ipaddress.IPv4Network("240.0.0.0/4"): "reserved",
}
_METADATA = {
    ipaddress.ip_address(text)
    for text in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task credentials
        "fd00:ec2::254",  # AWS over IPv6
        "fd00:ec2::23",  # AWS time sync and DNS over IPv6
        "100.100.100.200",  # Alibaba Cloud
        "168.63.129.16",  # Azure's host endpoint, in public space
        "192.0.0.192",  # Oracle Cloud
    )
}
_IPV4_COMPATIBLE = ipaddress.IPv6Network("::/96")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_SPECIAL_NAMES = ("localhost", "localhost.localdomain")
_SPECIAL_SUFFIXES = (".localhost", ".localdomain", ".local", ".internal", ".home.arpa", ".onion")
# The last label decides whether a host is an IPv4 address (the WHATWG URL standard):
# all digits, or 0x and hex digits, is a number, whatever the labels before it.
_NUMERIC_LABEL = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)


def address_refusal(address: IPAddress) -> str | None:
    """Why madang does not connect to this address (a few words for logs), or None
    when it is public."""
    if address in _METADATA:
        return "metadata"
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            return "scoped"
        if address.is_unspecified or address.is_loopback:
            return "unspecified" if address.is_unspecified else "loopback"
        if address.ipv4_mapped is not None:
            return "ipv4-mapped"
        if address in _IPV4_COMPATIBLE:
            return "ipv4-compatible"
        embedded = _embedded_ipv4(address)
        for form, inner in embedded:
            reason = address_refusal(inner)
            if reason is not None:
                return f"{form} of {reason}"
        if any(form in ("6to4", "nat64") for form, _inner in embedded):
            return None  # a public IPv4 address, reached through a translator
    return _kind_refusal(address)


def _kind_refusal(address: IPAddress) -> str | None:
    if address.is_unspecified:
        return "unspecified"
    if address.is_loopback:
        return "loopback"
    if address.is_link_local:
        return "link-local"
    if address.is_multicast:
        return "multicast"
    if isinstance(address, ipaddress.IPv4Address):
        for network, name in _NOT_PUBLIC_V4.items():
            if address in network:
                return name
    elif address.is_site_local:
        return "site-local"
    if address.is_private:
        return "private"
    if address.is_reserved:
        return "reserved"
    if not address.is_global:
        return "not global"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries by a translation scheme."""
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if address.sixtofour is not None:
        found.append(("6to4", address.sixtofour))
    if any(address in prefix for prefix in _NAT64):
        found.append(("nat64", ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)))
    if address.teredo is not None:
        server, client = address.teredo
        found += [("teredo", server), ("teredo", client)]
    return found


def host_refusal(host: str) -> str | None:
    """Why a host name is refused before anything resolves it, or None.

    ``host`` is lower-case, without brackets or a trailing port (``urlsplit``'s
    ``hostname``)."""
    name = host.removesuffix(".")
    if name in _SPECIAL_NAMES or name.endswith(_SPECIAL_SUFFIXES):
        return "local name"
    if ":" in host:
        return None  # an IPv6 literal: the address is checked like a resolved one
    last = name.rsplit(".", 1)[-1]
    if _NUMERIC_LABEL.fullmatch(last) and literal_address(host) is None:
        return "numeric host in a non-canonical form"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host names directly: a canonical dotted IPv4 address
    (``127.0.0.1``, never ``127.1`` or ``0177.0.0.1``) or an IPv6 literal."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv4Address) and str(address) != host:
        return None
    return address


def resolve(host: str) -> list[IPAddress]:
    """Every address the system's resolver gives for a host name, in its order.

    The one place madang asks DNS for a preview; tests replace it to give their
    names local addresses."""
    found: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in socket.getaddrinfo(
        host, None, type=socket.SOCK_STREAM
    ):
        address = ipaddress.ip_address(sockaddr[0])
        if address not in found:
            found.append(address)
    return found


def parse_allowance(entries: list[str]) -> frozenset[tuple[IPAddress, int]]:
    """``address:port`` pairs (``[v6]:port`` for IPv6), as (address, port)."""
    pairs = set()
    for entry in entries:
        address, _, port = entry.rpartition(":")
        if not address or not port.isdigit():
            raise ValueError(f"not an address:port pair: {entry!r}")
        pairs.add((ipaddress.ip_address(address.strip("[]")), int(port)))
    return frozenset(pairs)
