"""The address policy on its own: which addresses, hosts and URLs a preview may reach."""

from __future__ import annotations

import ipaddress
import socket
import threading
from typing import Any

import pytest

from madang.news import addresses
from madang.news.addresses import address_refusal, host_refusal, literal_address
from madang.news.errors import FetchFailed, FetchRefused
from madang.news.targets import pinned_addresses, target_of

NOT_PUBLIC = [
    # IPv4
    "127.0.0.1",
    "127.255.255.254",
    "10.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.1.1",
    "169.254.169.254",
    "169.254.170.2",
    "100.64.0.1",
    "100.127.255.254",
    "100.100.100.200",
    "0.0.0.0",  # noqa: S104
    "0.1.2.3",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.0.192",
    "192.0.2.1",
    "198.18.0.1",
    "168.63.129.16",
    # IPv6
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "fd00:ec2::254",
    "fec0::1",
    "ff02::1",
    "2001:db8::1",
    # IPv4 in IPv6: mapped and compatible refused whatever they carry
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:8.8.8.8",
    "::127.0.0.1",
    "::8.8.8.8",
    # translation forms carrying a forbidden IPv4 address
    "64:ff9b::7f00:1",
    "64:ff9b::a00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::7f00:1",
    "2002:7f00:1::",
    "2002:a00:1::1",
    "2002:a9fe:a9fe::",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
]
PUBLIC = [
    "8.8.8.8",
    "1.1.1.1",
    "211.234.100.1",
    "2606:4700:4700::1111",
    "2404:6800:4004:80a::200e",
    "64:ff9b::808:808",  # NAT64 of 8.8.8.8: how IPv6-only networks reach IPv4 sites
    "2002:808:808::1",  # 6to4 of 8.8.8.8
]


@pytest.mark.parametrize("text", NOT_PUBLIC)
def test_addresses_that_are_not_public_are_refused(text: str) -> None:
    assert address_refusal(ipaddress.ip_address(text)) is not None


@pytest.mark.parametrize("text", PUBLIC)
def test_public_addresses_are_taken(text: str) -> None:
    assert address_refusal(ipaddress.ip_address(text)) is None


def test_refusals_say_what_the_address_is() -> None:
    assert address_refusal(ipaddress.ip_address("169.254.169.254")) == "metadata"
    assert address_refusal(ipaddress.ip_address("100.64.0.1")) == "shared"
    assert address_refusal(ipaddress.ip_address("::ffff:127.0.0.1")) == "ipv4-mapped"
    assert address_refusal(ipaddress.ip_address("64:ff9b::7f00:1")) == "nat64 of loopback"
    assert address_refusal(ipaddress.ip_address("2002:a00:1::")) == "6to4 of private"


@pytest.mark.parametrize(
    "host",
    [
        "2130706433",  # decimal
        "0177.0.0.1",  # octal
        "0177.1",
        "0x7f.1",  # hex
        "0x7f000001",
        "0x7f.0x0.0x0.0x1",
        "127.1",  # short
        "127.0.1",
        "017700000001",
        "127.0.0.1.",
        "10.1",
        "example.0x10",
    ],
)
def test_numbers_written_oddly_are_refused_before_resolution(host: str) -> None:
    assert host_refusal(host) == "numeric host in a non-canonical form"
    assert literal_address(host) is None


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "localhost.",
        "api.localhost",
        "localhost.localdomain",
        "printer.local",
        "metadata.google.internal",
        "router.home.arpa",
        "hidden.onion",
    ],
)
def test_names_of_this_machine_or_its_network_are_refused(host: str) -> None:
    assert host_refusal(host) == "local name"


@pytest.mark.parametrize("host", ["news.example", "www.yna.co.kr", "127.0.0.1", "8.8.8.8", "::1"])
def test_ordinary_names_and_canonical_addresses_pass_the_name_check(host: str) -> None:
    assert host_refusal(host) is None


def test_only_canonical_literals_are_addresses() -> None:
    assert literal_address("127.0.0.1") == ipaddress.ip_address("127.0.0.1")
    assert literal_address("::ffff:127.0.0.1") == ipaddress.ip_address("::ffff:7f00:1")
    assert literal_address("news.example") is None


@pytest.mark.parametrize(
    "url", ["ftp://news.example/a", "file:///etc/passwd", "gopher://news.example/", "data:,x"]
)
def test_schemes_other_than_http_and_https_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        target_of(url)
    assert refused.value.code == "scheme"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example:8443/",
        "http://news.example:8080/",
        "http://news.example:22/",
        "http://news.example:0/",
        "https://news.example:65535/",
    ],
)
def test_ports_other_than_80_and_443_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        target_of(url)
    assert refused.value.code == "port"


def test_the_standard_ports_explicit_or_not() -> None:
    assert target_of("http://news.example/a?b=1#c").port == 80
    assert target_of("https://news.example/").port == 443
    assert target_of("https://news.example:443/").port == 443
    assert target_of("http://news.example:80/x").path == "/x"


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://ⓛⓞⓒⓐⓛⓗⓞⓢⓣ/",  # letters IDNA maps to "localhost"
        "http://0x7f。1/",  # an ideographic full stop is a dot to IDNA
    ],
)
def test_urls_naming_this_machine_in_any_form_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        target_of(url)
    assert refused.value.code == "address"


def test_full_width_digits_are_the_address_they_spell(resolving: dict[str, Any]) -> None:
    target = target_of("http://１２７.０.０.１/")  # noqa: RUF001  (full-width on purpose)
    assert target.host == "127.0.0.1"
    with pytest.raises(FetchRefused) as refused:
        pinned_addresses(target, seconds=1)
    assert refused.value.code == "address"


def test_urls_with_credentials_or_without_a_host_are_refused() -> None:
    for url in (
        "http://user:secret@news.example/",
        "http:///path",
        "http://[::1/",
        "http://a b/",
        "http://%6c%6fcalhost/",
    ):
        with pytest.raises(FetchRefused) as refused:
            target_of(url)
        assert refused.value.code == "url", url


def test_korean_hosts_and_paths_go_out_in_ascii() -> None:
    target = target_of("https://뉴스.한국/기사 1?q=속보")
    assert target.host == "xn--vg1b002a.xn--3e0b707e"
    assert target.path == "/%EA%B8%B0%EC%82%AC%201?q=%EC%86%8D%EB%B3%B4"


@pytest.fixture
def resolving(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    table: dict[str, Any] = {}

    def resolve(host: str) -> list[addresses.IPAddress]:
        found = table[host]
        if isinstance(found, Exception):
            raise found
        return [ipaddress.ip_address(address) for address in found]

    monkeypatch.setattr(addresses, "resolve", resolve)
    return table


def test_a_name_that_resolves_to_loopback_is_refused(resolving: dict[str, Any]) -> None:
    resolving["loop.example"] = ["127.0.0.1"]
    with pytest.raises(FetchRefused) as refused:
        pinned_addresses(target_of("http://loop.example/"), seconds=1)
    assert refused.value.code == "address"


def test_a_name_with_one_public_and_one_private_address_is_refused(
    resolving: dict[str, Any],
) -> None:
    resolving["mixed.example"] = ["93.184.215.14", "10.0.0.1"]
    with pytest.raises(FetchRefused) as refused:
        pinned_addresses(target_of("http://mixed.example/"), seconds=1)
    assert refused.value.code == "address"
    assert "10.0.0.1" in refused.value.detail


def test_a_name_with_public_addresses_is_pinned_to_them(resolving: dict[str, Any]) -> None:
    resolving["press.example"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"]
    pinned = pinned_addresses(target_of("https://press.example/"), seconds=1)
    assert [str(address) for address in pinned] == resolving["press.example"]


@pytest.mark.parametrize(
    "url", ["http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[fe80::1%25eth0]/"]
)
def test_ipv6_literals_are_checked_without_resolving(resolving: dict[str, Any], url: str) -> None:
    with pytest.raises(FetchRefused) as refused:
        pinned_addresses(target_of(url), seconds=1)
    assert refused.value.code == "address"


def test_a_name_that_does_not_resolve_fails_as_dns(resolving: dict[str, Any]) -> None:
    resolving["gone.example"] = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    with pytest.raises(FetchFailed) as failed:
        pinned_addresses(target_of("http://gone.example/"), seconds=1)
    assert failed.value.code == "dns"


def test_a_resolver_that_hangs_is_left_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def hang(host: str) -> list[addresses.IPAddress]:
        release.wait()
        return [ipaddress.ip_address("93.184.215.14")]

    monkeypatch.setattr(addresses, "resolve", hang)
    try:
        with pytest.raises(FetchFailed) as failed:
            pinned_addresses(target_of("http://slow.example/"), seconds=0.05)
    finally:
        release.set()
    assert failed.value.code == "timeout"


def test_the_system_resolver_gives_localhost_loopback_addresses() -> None:
    """The real resolver, asked for a name /etc/hosts gives: what the policy then sees."""
    found = addresses.resolve("localhost")
    assert found and all(address_refusal(address) == "loopback" for address in found)


def test_the_allowance_is_one_exact_address_and_port(
    resolving: dict[str, Any], settings: Any
) -> None:
    settings.MADANG_NEWS_FETCH_ALLOW = ["127.0.0.1:8765"]
    resolving["news.example"] = ["127.0.0.1"]
    resolving["other.example"] = ["127.0.0.2"]
    assert pinned_addresses(target_of("http://news.example:8765/"), seconds=1)
    refusals = {
        "http://news.example:8766/": "port",  # another port of the same address
        "http://other.example:8765/": "port",  # another loopback address, same port
        "http://[::1]:8765/": "port",
        "http://localhost:8765/": "address",
        "http://2130706433:8765/": "address",
        "http://127.1:8765/": "address",
        "http://news.example/": "address",  # port 80 of the allowed address
    }
    for url, code in refusals.items():
        with pytest.raises(FetchRefused) as refused:
            pinned_addresses(target_of(url), seconds=1)
        assert refused.value.code == code, url
