"""extract_preview: each field from the first source that has it, cleaned."""

from __future__ import annotations

import pytest

from madang.news.extract import (
    DESCRIPTION_LENGTH,
    SITE_LENGTH,
    TITLE_LENGTH,
    Preview,
    clean_url,
    extract_preview,
    oembed_fields,
)

BASE = "https://news.example/article/123?from=main"

FULL = """<!doctype html><html lang="ko"><head>
<title>제목 태그 | 마당일보</title>
<meta property="og:title" content="오픈그래프 제목">
<meta property="og:site_name" content="마당일보">
<meta property="og:description" content="오픈그래프 설명">
<meta property="og:image" content="/images/a.jpg">
<meta property="og:url" content="https://news.example/og-url">
<meta name="twitter:title" content="트위터 제목">
<meta name="twitter:description" content="트위터 설명">
<meta name="twitter:image" content="https://img.example/t.jpg">
<meta name="description" content="메타 설명">
<link rel="canonical" href="https://news.example/article/123">
</head><body><h1>본문 제목</h1></body></html>"""


def test_open_graph_comes_first() -> None:
    preview = extract_preview(FULL, BASE)
    assert preview == Preview(
        url=BASE,
        title="오픈그래프 제목",
        site_name="마당일보",
        description="오픈그래프 설명",
        image_url="https://news.example/images/a.jpg",
        canonical_url="https://news.example/article/123",
    )


def test_twitter_cards_then_standard_tags_fill_what_open_graph_lacks() -> None:
    page = FULL.replace('property="og:', 'property="removed:')
    preview = extract_preview(page, BASE)
    assert preview.title == "트위터 제목"
    assert preview.description == "트위터 설명"
    assert preview.image_url == "https://img.example/t.jpg"
    assert preview.site_name == ""
    page = page.replace('name="twitter:', 'name="removed:')
    preview = extract_preview(page, BASE)
    assert (preview.title, preview.description) == ("제목 태그 | 마당일보", "메타 설명")
    assert preview.image_url == ""


def test_open_graph_written_as_name_and_in_any_case_is_read() -> None:
    page = '<meta name="OG:Title" content="이름으로 쓴 제목"><meta name="og:image" content="x.png">'
    preview = extract_preview(page, "http://news.example/a/b")
    assert preview.title == "이름으로 쓴 제목"
    assert preview.image_url == "http://news.example/a/x.png"


def test_tags_written_in_the_body_are_read_when_the_head_lacks_them() -> None:
    page = (
        "<html><head><title>제목</title></head><body><p>본문</p>"
        '<meta property="og:image" content="/late.jpg">'
        '<meta property="og:title" content="늦은 제목">'
        "</body></html>"
    )
    preview = extract_preview(page, BASE)
    assert preview.image_url == "https://news.example/late.jpg"
    assert preview.title == "늦은 제목"


def test_og_url_stands_in_for_a_missing_canonical_link() -> None:
    page = FULL.replace('<link rel="canonical" href="https://news.example/article/123">', "")
    assert extract_preview(page, BASE).canonical_url == "https://news.example/og-url"
    assert extract_preview("<title>x</title>", BASE).canonical_url == ""


def test_texts_are_unescaped_collapsed_and_stripped_of_invisible_characters() -> None:
    page = (
        '<meta property="og:title" content="  &amp;quot;속보&amp;quot;\n\t 국회  &#39;본회의&#39;'
        '\u200b통과 ">'
        "<title>\n   무시됨  </title>"
        '<meta name="description" content="첫 줄\r\n둘째&nbsp;줄 &lt;b&gt;굵게&lt;/b&gt;">'
    )
    preview = extract_preview(page, BASE)
    assert preview.title == "\"속보\" 국회 '본회의'통과"
    assert preview.description == "첫 줄 둘째 줄 <b>굵게</b>"


def test_a_title_tag_is_read_as_text_and_an_svg_title_is_not_the_page_s() -> None:
    page = "<body><svg><title>아이콘</title></svg></body>"
    assert extract_preview(page, BASE).title == ""
    page = "<head><title>A &amp; B &lt;속보&gt;</title></head><svg><title>아이콘</title></svg>"
    assert extract_preview(page, BASE).title == "A & B <속보>"


@pytest.mark.parametrize(
    ("key", "length"),
    [
        ("og:title", TITLE_LENGTH),
        ("og:site_name", SITE_LENGTH),
        ("description", DESCRIPTION_LENGTH),
    ],
)
def test_lengths_are_capped(key: str, length: int) -> None:
    page = f'<meta property="{key}" content="{"가" * (length + 50)}">'
    preview = extract_preview(page, BASE)
    value = {
        "og:title": preview.title,
        "og:site_name": preview.site_name,
        "description": preview.description,
    }[key]
    assert len(value) == length and value.endswith("…")


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("//cdn.example/a.jpg", "https://cdn.example/a.jpg"),
        ("../img/b.png", "https://news.example/img/b.png"),
        ("https://cdn.example/c d.jpg", "https://cdn.example/c d.jpg"),
        ("https://cdn.example/\n\te.jpg", "https://cdn.example/e.jpg"),
        ("javascript:alert(1)", ""),
        ("data:image/png;base64,AAAA", ""),
        ("file:///etc/passwd", ""),
        ("ftp://cdn.example/a.jpg", ""),
        ("http://", ""),
        ("https://cdn.example:99999/a.jpg", ""),
        ("https://cdn.example/" + "a" * 2100, ""),
    ],
)
def test_image_addresses_are_made_absolute_and_only_http_or_https(
    image: str, expected: str
) -> None:
    page = f'<meta property="og:image" content="{image}">'
    assert extract_preview(page, BASE).image_url == expected


def test_an_unusable_image_gives_way_to_the_next_source() -> None:
    page = (
        '<meta property="og:image" content="javascript:alert(1)">'
        '<meta name="twitter:image" content="/t.jpg">'
    )
    assert extract_preview(page, BASE).image_url == "https://news.example/t.jpg"


def test_link_image_src_is_the_last_source_of_a_picture() -> None:
    page = '<link rel="image_src" href="/thumb.jpg">'
    assert extract_preview(page, BASE).image_url == "https://news.example/thumb.jpg"


def test_relative_addresses_follow_the_page_s_base() -> None:
    page = (
        '<base href="https://static.example/news/">'
        '<meta property="og:image" content="a.jpg"><link rel="canonical" href="/article/9">'
    )
    preview = extract_preview(page, BASE)
    assert preview.image_url == "https://static.example/news/a.jpg"
    assert preview.canonical_url == "https://static.example/article/9"


def test_a_canonical_outside_http_is_dropped() -> None:
    page = '<link rel="canonical" href="javascript:void(0)">'
    assert extract_preview(page, BASE).canonical_url == ""


def test_the_oembed_discovery_link_is_found() -> None:
    page = (
        '<link rel="alternate" type="application/json+oembed" '
        'href="/oembed?url=https%3A%2F%2Fnews.example%2Fa&amp;format=json" title="x">'
        '<link rel="alternate" type="text/xml+oembed" href="/oembed.xml">'
    )
    preview = extract_preview(page, BASE)
    assert preview.oembed_url == (
        "https://news.example/oembed?url=https%3A%2F%2Fnews.example%2Fa&format=json"
    )
    assert preview.wants_oembed


def test_oembed_is_not_wanted_when_title_and_picture_are_there() -> None:
    page = FULL.replace(
        "</head>", '<link rel="alternate" type="application/json+oembed" href="/o"></head>'
    )
    preview = extract_preview(page, BASE)
    assert preview.oembed_url and not preview.wants_oembed


def test_oembed_fills_only_the_fields_left_empty() -> None:
    preview = Preview(url=BASE, title="페이지 제목", oembed_url="https://news.example/oembed")
    body = (
        b'{"type": "video", "title": "oEmbed title", "provider_name": " Provider ",'
        b' "thumbnail_url": "/thumbs/1.jpg"}'
    )
    filled = oembed_fields(preview, body)
    assert filled.title == "페이지 제목"
    assert filled.site_name == "Provider"
    assert filled.image_url == "https://news.example/thumbs/1.jpg"


def test_an_oembed_photo_is_its_own_picture() -> None:
    preview = Preview(url=BASE, oembed_url="https://photos.example/oembed")
    body = b'{"type": "photo", "url": "https://photos.example/p.jpg", "title": 7}'
    filled = oembed_fields(preview, body)
    assert filled.image_url == "https://photos.example/p.jpg"
    assert filled.title == ""


@pytest.mark.parametrize(
    "body", [b"not json", b"[1, 2]", b'"text"', b'{"thumbnail_url": "data:x"}']
)
def test_oembed_that_is_not_usable_changes_nothing(body: bytes) -> None:
    preview = Preview(url=BASE, title="제목", oembed_url="https://news.example/o")
    assert oembed_fields(preview, body) == preview


def test_a_page_with_nothing_gives_an_empty_preview() -> None:
    assert extract_preview("", BASE) == Preview(url=BASE)
    assert extract_preview("<html><body><p>본문만</p>", BASE) == Preview(url=BASE)


def test_broken_markup_still_gives_what_it_holds() -> None:
    page = (
        '<head><meta property="og:title" content="깨진 문서"<title>x</title>'
        "<meta name=description content=설명></head>"
    )
    preview = extract_preview(page, BASE)
    assert (preview.title, preview.description) == ("깨진 문서", "설명")


def test_clean_url_keeps_what_browsers_would_follow() -> None:
    assert (
        clean_url(" https://news.example/a?b=1&amp;c=2 ", BASE) == "https://news.example/a?b=1&c=2"
    )
    assert clean_url("HTTPS://NEWS.example/A", BASE) == "https://NEWS.example/A"
    assert clean_url("", BASE) == ""
