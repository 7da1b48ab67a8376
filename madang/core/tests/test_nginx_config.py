"""The shipped nginx configuration agrees with the app's own rules.

Read as text and checked against Django: what counts as a personal request,
which language a page is in, which paths are post pages. Running it in nginx
is test_nginx.py's part.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from madang.boards.slugs import SLUG_PATTERN
from madang.core import nginx, pagecache
from madang.urls import PostNumberConverter

SHIPPED = nginx.SHIPPED.read_text()


def _unquote(token: str) -> str:
    return token[1:-1] if token.startswith('"') and token.endswith('"') else token


def nginx_map(variable: str, value: str) -> str:
    """What the shipped ``map`` setting ``$variable`` gives for ``value``.

    As nginx does it: an exact string first, then the regular expressions in
    their order, then the default.
    """
    block = re.search(rf"map \$\S+ \${variable} {{\n(.*?)\n}}", SHIPPED, re.S)
    assert block is not None, f"no map for ${variable}"
    default, exact, patterns = "", {}, []
    for line in block.group(1).splitlines():
        entry = re.fullmatch(r'\s*("(?:[^"\\]|\\.)*"|\S+)\s+(\S+);', line)
        assert entry is not None, line
        source, result = _unquote(entry.group(1)), _unquote(entry.group(2))
        if source == "default":
            default = result
        elif source.startswith("~*"):
            patterns.append((re.compile(source[2:], re.IGNORECASE), result))
        elif source.startswith("~"):
            patterns.append((re.compile(source[1:]), result))
        else:
            exact[source] = result
    if value in exact:
        return exact[value]
    for pattern, result in patterns:
        if pattern.search(value):
            return result
    return default


ACCEPT_LANGUAGE = [
    "",
    "ko",
    "en",
    "ko-KR",
    "EN-us",
    "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
    "en-US,en;q=0.9",
    "en-GB,en;q=0.9,ko;q=0.8",
    "en-US,en;q=0.9,ko-KR;q=0.8,ko;q=0.7",
    "en,",
    "en , ko ; q=0.5",
    "en-us,fr;q=0.333",
    "fr-FR,fr;q=0.9,en;q=0.8",
    "ja,ko;q=0.9",
    "en;q=0.5,ko",
    "en;q=1",
    "en;q=0.1",
    "*",
    "*,en",
    "en_US",
    "en,,ko",
    "en-US,garbage!!",
    "en-us,fr;q=0.3333",
    "ko-KR,ko;q=2",
    "en-abcdefghi",
    "english",
    "kor",
    "en-US," + "fr," * 300,
    "zh-Hant-TW,zh;q=0.9,en;q=0.8",
]
# What browsers send: these must be served from the cache.
COMMON = [
    "",
    "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7",
    "ko-KR,ko;q=0.9",
    "ko",
    "en-US,en;q=0.9",
    "en-GB,en;q=0.9,ko;q=0.8",
    "en-US",
]


def test_the_app_speaks_the_two_languages_the_map_knows():
    assert settings.LANGUAGE_CODE == "ko"
    assert [code for code, _ in settings.LANGUAGES] == ["ko", "en"], (
        "a new language needs its line in the language map of docs/deploy/nginx.conf"
    )


@pytest.mark.parametrize("header", ACCEPT_LANGUAGE)
def test_a_cached_page_is_in_the_language_django_picks(header):
    request = RequestFactory().get("/", HTTP_ACCEPT_LANGUAGE=header)
    key = nginx_map("madang_language", header)
    if key:  # "" means: bypass the cache, the app decides
        assert key == translation.get_language_from_request(request)
    else:
        assert nginx_map("madang_language_unknown", key) == "1"


def test_what_browsers_send_is_cached():
    for header in COMMON:
        assert nginx_map("madang_language", header) in ("ko", "en"), header


def cookie_headers() -> list[str]:
    session, language = settings.SESSION_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME
    return [
        f"{session}=abc",
        f"csrftoken=1; {session}=abc",
        f"csrftoken=1;{session}=",
        f"  {session} = abc",
        "messages=x",
        "a=1; messages=",
        f"{language}=en",
        f"{session}",
        f"x{session}=1",
        "csrftoken=abc",
        "madang_v=xyz",
        "madang_device=abc; a=b",
        "a=1; b=messages",
        "",
    ]


@pytest.mark.parametrize("cookies", cookie_headers())
def test_requests_the_app_would_not_cache_pass_through(cookies):
    request = RequestFactory().get("/", HTTP_COOKIE=cookies)
    personal = not pagecache.cacheable(request) or settings.LANGUAGE_COOKIE_NAME in request.COOKIES
    if personal:
        assert nginx_map("madang_personal", cookies) == "1"


def test_everyday_guest_cookies_do_not_stop_the_cache():
    for cookies in ("", "csrftoken=abc", "madang_v=xyz", "a=1; b=messages"):
        assert nginx_map("madang_personal", cookies) == "0", cookies


def locations() -> list[tuple[str, str]]:
    """(match, body) of each top-level location of the https server, in order."""
    found = re.findall(r"^    location (.+?) \{\n(.*?)^    \}", SHIPPED, re.M | re.S)
    return [
        (_unquote(match.split(" ", 1)[1]) if " " in match else match, body) for match, body in found
    ]


def test_post_pages_are_mirrored_exactly_where_the_app_routes_them():
    mirrored = [match for match, body in locations() if "mirror /_proxy/views;" in body]
    assert mirrored == [f"^/{SLUG_PATTERN}/{PostNumberConverter.regex}$"]
    report = dict(locations())["/_proxy/views"]
    assert "proxy_pass http://madang/_proxy/views$request_uri;" in report
    assert "proxy_cache off;" in report  # a report from the cache would never arrive
    assert reverse("proxied-view", args=["square", 1]) == "/_proxy/views/square/1"


def test_members_pages_are_never_cached():
    ordered = [match for match, _ in locations()]
    excluded = next(match for match in ordered if "accounts" in match)
    assert "proxy_cache off;" in dict(locations())[excluded]
    for path in ("/admin/", "/accounts/login/", "/me/", "/mod/", "/healthz"):
        assert re.search(excluded, path), path
    for path in ("/square/", "/square/1", "/member/1"):
        assert not re.search(excluded, path), path
    # Regular expressions are tried in order: the exclusion must win over post pages.
    post_pages = next(match for match in ordered if "[0-9]{1,18}" in match)
    assert ordered.index(excluded) < ordered.index(post_pages)


def test_every_site_line_is_pointed_elsewhere_for_local_runs(tmp_path):
    site = nginx.Site(
        http_port=18080,
        https_port=18443,
        upstream_port=18000,
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        cache_dir=tmp_path / "cache",
        certificates=tmp_path / "tls",
    )
    rendered = nginx.render_shipped(site).splitlines()
    for line in SHIPPED.splitlines():
        if "# site:" in line:
            assert line not in rendered, line
