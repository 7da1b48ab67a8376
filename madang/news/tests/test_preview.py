"""preview_link end to end against a local server: fetch, decode, extract, oEmbed."""

from __future__ import annotations

import pytest

from madang.news.errors import FetchError
from madang.news.preview import preview_link
from madang.news.tests.conftest import LocalWeb

pytestmark = pytest.mark.django_db

EUC_KR_PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<title>똠방각하, 햏자와 샾 - 마당일보</title>
<meta property="og:title" content="똠방각하, 햏자와 샾">
<meta property="og:site_name" content="마당일보">
<meta property="og:description" content="쓩 하고 지나간 하루">
</head><body><p>본문</p></body></html>"""


def test_a_korean_page_in_euc_kr_is_read_right(web: LocalWeb) -> None:
    web.page("/a", EUC_KR_PAGE.encode("cp949"), content_type="text/html; charset=EUC-KR")
    preview = preview_link(web.url("/a"))
    assert preview.title == "똠방각하, 햏자와 샾"
    assert preview.site_name == "마당일보"
    assert preview.description == "쓩 하고 지나간 하루"
    assert preview.url == web.url("/a")


def test_a_page_declaring_only_in_its_meta_is_read_right(web: LocalWeb) -> None:
    web.page("/a", EUC_KR_PAGE.encode("cp949"), content_type="text/html")
    assert preview_link(web.url("/a")).title == "똠방각하, 햏자와 샾"


def test_the_preview_s_address_is_where_redirects_led(web: LocalWeb) -> None:
    web.redirect("/short", "/articles/1")
    web.page("/articles/1", '<meta property="og:title" content="제목">')
    preview = preview_link(web.url("/short"))
    assert preview.url == web.url("/articles/1")


def oembed_page(web: LocalWeb, href: str, *, image: bool = False) -> None:
    picture = '<meta property="og:image" content="/page.jpg">' if image else ""
    web.page(
        "/a",
        f"<title>페이지 제목</title>{picture}"
        f'<link rel="alternate" type="application/json+oembed" href="{href}">',
    )


def test_oembed_fills_a_missing_picture(web: LocalWeb) -> None:
    oembed_page(web, "/oembed?url=a")
    web.page(
        "/oembed?url=a",
        b'{"version": "1.0", "type": "rich", "provider_name": "Provider",'
        b' "thumbnail_url": "/thumb.jpg"}',
        content_type="application/json",
    )
    preview = preview_link(web.url("/a"))
    assert preview.title == "페이지 제목"
    assert preview.site_name == "Provider"
    assert preview.image_url == web.url("/thumb.jpg")
    assert web.paths() == ["/a", "/oembed?url=a"]


def test_oembed_is_not_asked_when_the_page_has_title_and_picture(web: LocalWeb) -> None:
    oembed_page(web, "/oembed", image=True)
    preview = preview_link(web.url("/a"))
    assert preview.image_url == web.url("/page.jpg")
    assert web.paths() == ["/a"]


@pytest.mark.parametrize(
    "href",
    [
        "/missing",  # 404
        "/html",  # not JSON
        "http://169.254.169.254/latest/meta-data/",  # refused before any connection
        "file:///etc/passwd",
    ],
)
def test_oembed_that_fails_leaves_the_page_s_preview(web: LocalWeb, href: str) -> None:
    oembed_page(web, href)
    web.page("/html", "<title>not json</title>")
    preview = preview_link(web.url("/a"))
    assert preview.title == "페이지 제목"
    assert preview.image_url == ""


def test_oembed_through_a_redirect_to_a_private_address_is_refused(web: LocalWeb) -> None:
    oembed_page(web, "/oembed")
    web.redirect("/oembed", "http://10.0.0.1/oembed.json")
    preview = preview_link(web.url("/a"))
    assert preview.image_url == ""
    assert web.paths() == ["/a", "/oembed"]


def test_a_page_that_cannot_be_had_raises_its_code(web: LocalWeb) -> None:
    web.page("/a", b"%PDF-1.7", content_type="application/pdf")
    with pytest.raises(FetchError) as failed:
        preview_link(web.url("/a"))
    assert failed.value.code == "not-html"
