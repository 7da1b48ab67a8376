"""What the app believes of a proxy in front of it: only what a trusted one says."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory

from madang.core.client import client_address, from_trusted_proxy
from madang.core.middleware import trusted_proxy_scheme


@pytest.fixture(autouse=True)
def _nginx_on_this_machine(settings):
    settings.MADANG_TRUSTED_PROXIES = ["127.0.0.1"]


def scheme_seen(request: HttpRequest) -> str:
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(request.scheme)

    return trusted_proxy_scheme(view)(request).content.decode()


def test_https_behind_a_trusted_proxy_is_https():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="127.0.0.1")
    assert scheme_seen(request) == "https"


def test_anyone_else_cannot_claim_https():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="198.51.100.7")
    assert scheme_seen(request) == "http"


def test_without_trusted_proxies_nobody_is_believed(settings):
    settings.MADANG_TRUSTED_PROXIES = []
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="127.0.0.1")
    assert not from_trusted_proxy(request)
    assert scheme_seen(request) == "http"


def test_the_client_is_the_last_address_the_proxy_did_not_add():
    forged_then_real = "10.9.9.9, 203.0.113.5"
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR=forged_then_real, REMOTE_ADDR="127.0.0.1"
    )
    assert client_address(request) == "203.0.113.5"
    direct = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="203.0.113.5", REMOTE_ADDR="198.51.100.7"
    )
    assert client_address(direct) == "198.51.100.7"


def test_a_member_can_post_over_https_behind_the_proxy(member):
    """CSRF compares the Origin with the scheme the app believes."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(member)
    token = "a" * 32
    browser.cookies["csrftoken"] = token
    headers = {
        "HTTP_HOST": "testserver",
        "HTTP_X_CSRFTOKEN": token,
        "HTTP_ORIGIN": "https://testserver",
        "HTTP_X_FORWARDED_PROTO": "https",
    }
    behind_nginx = browser.post("/accounts/logout/", REMOTE_ADDR="127.0.0.1", **headers)
    assert behind_nginx.status_code == 302
    browser.force_login(member)
    forged = browser.post("/accounts/logout/", REMOTE_ADDR="198.51.100.7", **headers)
    assert forged.status_code == 403
