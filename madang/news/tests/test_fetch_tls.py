"""https through the pinned address: SNI and the certificate are for the host name.

A local authority signs the server's certificate; the fetcher's TLS context is
replaced by one that trusts that authority (and nothing else), so the test
shows the name checked against the certificate while the connection goes to
127.0.0.1.
"""

from __future__ import annotations

import datetime
import ssl
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from madang.news import wire
from madang.news.errors import FetchError, FetchFailed, FetchRefused
from madang.news.fetch import fetch_page
from madang.news.tests.conftest import LocalWeb

pytestmark = pytest.mark.django_db


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _authority() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name("madang test authority"))
        .issuer_name(_name("madang test authority"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def _server_context(tmp_path: Any, for_host: str) -> tuple[ssl.SSLContext, bytes]:
    """A server context with a certificate for ``for_host``, and its authority (PEM)."""
    authority_key, authority = _authority()
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(for_host))
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(for_host)]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    chain = tmp_path / "server.pem"
    chain.write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(chain)
    return context, authority.public_bytes(serialization.Encoding.PEM)


@pytest.fixture
def tls_web(
    web: LocalWeb, start_web: Callable[..., LocalWeb], settings: Any, tmp_path: Any
) -> Callable[..., tuple[LocalWeb, list[str | None], bytes]]:
    """Starts an https server with a certificate for the name given; returns it, the
    server names its clients asked for (SNI), and its authority."""

    def start(for_host: str = "news.example") -> tuple[LocalWeb, list[str | None], bytes]:
        context, authority = _server_context(tmp_path, for_host)
        asked: list[str | None] = []
        context.sni_callback = lambda _socket, name, _context: asked.append(name)
        server = start_web(tls=context)
        settings.MADANG_NEWS_FETCH_ALLOW = [server.pair]
        return server, asked, authority

    return start


def trusting(authority: bytes) -> Callable[[], ssl.SSLContext]:
    return lambda: ssl.create_default_context(cadata=authority.decode())


def test_https_connects_to_the_pinned_address_with_the_name_in_sni_and_the_certificate(
    tls_web: Callable[..., tuple[LocalWeb, list[str | None], bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, asked, authority = tls_web()
    monkeypatch.setattr(wire, "tls_context", trusting(authority))
    server.page("/a", "<title>보안</title>")
    page = fetch_page(f"https://news.example:{server.port}/a")
    assert page.body == "<title>보안</title>".encode()
    assert asked == ["news.example"]
    assert server.requests[0].headers["host"] == f"news.example:{server.port}"


def test_a_certificate_for_another_name_fails(
    tls_web: Callable[..., tuple[LocalWeb, list[str | None], bytes]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server, _asked, authority = tls_web(for_host="other.example")
    monkeypatch.setattr(wire, "tls_context", trusting(authority))
    server.page("/a", "<title>x</title>")
    with pytest.raises(FetchFailed) as failed:
        fetch_page(f"https://news.example:{server.port}/a")
    assert failed.value.code == "tls"
    assert server.requests == []


def test_a_certificate_from_an_authority_the_system_does_not_trust_fails(
    tls_web: Callable[..., tuple[LocalWeb, list[str | None], bytes]],
) -> None:
    server, _asked, _authority = tls_web()
    server.page("/a", "<title>x</title>")
    with pytest.raises(FetchFailed) as failed:
        fetch_page(f"https://news.example:{server.port}/a")
    assert failed.value.code == "tls"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://news.example:8443/", "port"),
        ("https://127.0.0.1/", "address"),
        ("https://localhost/", "address"),
        ("https://[::1]/", "address"),
    ],
)
def test_https_refusals_come_before_any_connection(web: LocalWeb, url: str, code: str) -> None:
    with pytest.raises(FetchError) as refused:
        fetch_page(url)
    assert isinstance(refused.value, FetchRefused) and refused.value.code == code
