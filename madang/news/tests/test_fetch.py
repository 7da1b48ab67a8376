"""fetch_page against local servers: what it sends, where it goes, what it refuses."""

from __future__ import annotations

from typing import Any

import pytest

from madang.news.errors import FetchFailed, FetchRefused
from madang.news.fetch import fetch_page
from madang.news.tests.conftest import LocalWeb, refusal

pytestmark = pytest.mark.django_db

HTML = "<!doctype html><title>기사</title><p>본문</p>"


def test_a_page_is_fetched_with_its_type_charset_and_final_address(web: LocalWeb) -> None:
    web.page("/a", HTML.encode("utf-8"))
    page = fetch_page(web.url("/a"))
    assert (page.status, page.content_type, page.charset) == (200, "text/html", "utf-8")
    assert page.body == HTML.encode("utf-8")
    assert page.url == web.url("/a")


def test_the_request_names_madang_carries_no_cookie_and_the_host_name(web: LocalWeb) -> None:
    web.page("/a", HTML)
    fetch_page(web.url("/a"))
    (request,) = web.requests
    assert request.headers["user-agent"].startswith("madang/")
    assert request.headers["host"] == f"news.example:{web.port}"
    assert "cookie" not in request.headers
    assert "referer" not in request.headers
    assert request.headers["accept-encoding"] == "gzip, deflate"


def test_cookies_set_on_a_redirect_are_not_sent_back(web: LocalWeb) -> None:
    web.redirect("/a", "/b", **{"Set-Cookie": "session=abc; Path=/"})
    web.page("/b", HTML, headers={"Set-Cookie": "other=1"})
    assert fetch_page(web.url("/a")).url == web.url("/b")
    assert [request.headers.get("cookie") for request in web.requests] == [None, None]


def test_the_name_is_resolved_once_per_request_and_not_again(
    web: LocalWeb, names: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers a public address to the check and a private
    one to the connection. The fetcher connects to what it checked, so the second
    answer is never asked for."""
    from madang.news import addresses

    asked: list[str] = []
    answers = iter([["127.0.0.1"], ["10.0.0.1"]])
    fake = addresses.resolve

    def rebinding(host: str) -> list[addresses.IPAddress]:
        asked.append(host)
        names[host] = next(answers)
        return fake(host)

    monkeypatch.setattr(addresses, "resolve", rebinding)
    web.page("/a", HTML)
    assert fetch_page(web.url("/a")).status == 200
    assert asked == ["news.example"]


def test_three_redirects_are_followed_each_from_the_last(web: LocalWeb) -> None:
    web.redirect("/1", "/2", status=301)
    web.redirect("/2", web.url("/3"), status=307)
    web.redirect("/3", "4", status=308)
    web.page("/4", HTML)
    assert fetch_page(web.url("/1")).url == web.url("/4")
    assert web.paths() == ["/1", "/2", "/3", "/4"]


def test_a_fourth_redirect_is_refused(web: LocalWeb) -> None:
    for hop in range(1, 5):
        web.redirect(f"/{hop}", f"/{hop + 1}")
    web.page("/5", HTML)
    assert refusal(web.url("/1")).code == "redirects"
    assert "/5" not in web.paths()


def test_a_redirect_loop_ends_at_the_limit(web: LocalWeb) -> None:
    web.redirect("/loop", "/loop")
    assert refusal(web.url("/loop")).code == "redirects"
    assert web.paths() == ["/loop"] * 4


def test_a_redirect_without_a_location_is_a_failure(web: LocalWeb) -> None:
    web.page("/a", b"", status=302)
    error = refusal(web.url("/a"))
    assert isinstance(error, FetchFailed) and error.code == "status"


@pytest.mark.parametrize(
    ("location", "code"),
    [
        ("http://10.0.0.1/", "address"),
        ("http://169.254.169.254/latest/meta-data/", "address"),
        ("http://localhost:{port}/", "address"),
        ("http://2130706433:{port}/", "address"),
        ("http://0177.0.0.1:{port}/", "address"),
        ("http://0x7f.1:{port}/", "address"),
        ("http://127.1:{port}/", "address"),
        ("http://[::1]:{port}/", "port"),
        ("http://[::ffff:127.0.0.1]/", "address"),
        ("http://loop.example/", "address"),
        ("ftp://news.example/file", "scheme"),
        ("file:///etc/passwd", "scheme"),
        ("gopher://news.example:70/", "scheme"),
        ("https://news.example:8443/", "port"),
    ],
)
def test_a_redirect_is_checked_as_a_link_is_even_from_an_allowed_server(
    web: LocalWeb, names: dict[str, list[str]], location: str, code: str
) -> None:
    names["loop.example"] = ["127.0.0.1"]
    web.redirect("/a", location.format(port=web.port))
    error = refusal(web.url("/a"))
    assert isinstance(error, FetchRefused) and error.code == code
    assert web.paths() == ["/a"]


def test_a_redirect_to_another_local_port_is_refused(web: LocalWeb, other_web: LocalWeb) -> None:
    other_web.page("/secret", HTML)
    web.redirect("/a", other_web.url("/secret", host="127.0.0.1"))
    assert refusal(web.url("/a")).code == "port"
    assert other_web.requests == []


def test_a_redirect_to_a_name_that_resolves_to_loopback_is_refused(
    web: LocalWeb, names: dict[str, list[str]]
) -> None:
    names["rebound.example"] = ["127.0.0.2"]
    web.redirect("/a", "http://rebound.example/")
    assert refusal(web.url("/a")).code == "address"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",
        "http://0177.0.0.1/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://localhost/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://news.example/",  # a name resolving to loopback
    ],
)
def test_without_the_allowance_every_way_to_loopback_is_refused(
    web: LocalWeb, settings: Any, url: str
) -> None:
    settings.MADANG_NEWS_FETCH_ALLOW = []
    assert refusal(url).code == "address"


def test_without_the_allowance_the_test_server_itself_is_refused(
    web: LocalWeb, settings: Any
) -> None:
    web.page("/a", HTML)
    settings.MADANG_NEWS_FETCH_ALLOW = []
    assert refusal(web.url("/a")).code == "port"
    assert refusal(web.url("/a", host="127.0.0.1")).code == "port"
    assert web.requests == []


def test_with_the_allowance_numbers_for_the_same_address_are_still_refused(web: LocalWeb) -> None:
    web.page("/a", HTML)
    assert refusal(web.url("/a", host="2130706433")).code == "address"
    assert refusal(web.url("/a", host="localhost")).code == "address"
    assert web.requests == []


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_statuses_fail(web: LocalWeb, status: int) -> None:
    web.page("/x", HTML, status=status)
    error = refusal(web.url("/x"))
    assert isinstance(error, FetchFailed) and (error.code, error.detail) == ("status", str(status))


def test_a_closed_port_fails_to_connect(web: LocalWeb, other_web: LocalWeb, settings: Any) -> None:
    other_web.server.server_close()  # its port now refuses connections
    settings.MADANG_NEWS_FETCH_ALLOW = [other_web.pair]
    error = refusal(other_web.url("/"))
    assert isinstance(error, FetchFailed) and error.code == "connect"


def test_a_name_that_does_not_resolve_fails(web: LocalWeb) -> None:
    assert refusal(web.url("/", host="nowhere.example")).code == "dns"


def test_an_answer_that_is_not_http_fails(web: LocalWeb) -> None:
    web.respond("/junk", lambda handler: handler.wfile.write(b"SSH-2.0-OpenSSH\r\n"))
    assert refusal(web.url("/junk")).code == "http"
