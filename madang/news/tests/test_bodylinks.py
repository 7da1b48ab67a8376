"""standalone_links: the links alone on a line of a stored body, and only those."""

from __future__ import annotations

from madang.core.sanitize import render_body
from madang.news.bodylinks import MAX_LINKS, standalone_links

A = "https://news.example/a"
B = "https://news.example/b"


def test_an_address_alone_on_an_editor_line_is_found() -> None:
    body = render_body(f"<div>오늘 기사입니다<br>{A}<br>어떻게 생각하세요?</div>")
    assert standalone_links(body) == [A]


def test_an_address_inside_a_sentence_is_not() -> None:
    body = render_body(f"<div>출처는 {A} 입니다<br>다음 줄</div>")
    assert standalone_links(body) == []


def test_a_link_with_words_alone_on_its_line_is_found() -> None:
    body = render_body(f'<p>본문</p><p><a href="{A}">기사 원문 보기</a></p>')
    assert standalone_links(body) == [A]


def test_two_links_on_one_line_are_a_list_not_a_reference() -> None:
    body = render_body(f"<div>{A} {B}</div>")
    assert standalone_links(body) == []


def test_lines_in_blocks_paragraphs_and_list_items() -> None:
    body = render_body(
        f"<p>{A}</p><ul><li>{B}</li><li>목록 {A}</li></ul><blockquote>{B}</blockquote>"
    )
    assert standalone_links(body) == [A, B]


def test_each_address_once_in_order_and_at_most_the_limit() -> None:
    lines = "<br>".join(f"https://news.example/{number}" for number in range(MAX_LINKS + 3))
    body = render_body(f"<div>{B}<br>{A}<br>{B}<br>{lines}</div>")
    found = standalone_links(body)
    assert found[:2] == [B, A]
    assert len(found) == MAX_LINKS
    assert standalone_links(body, limit=1) == [B]


def test_a_youtube_address_that_became_a_player_is_not_a_card() -> None:
    body = render_body("<div>https://www.youtube.com/watch?v=dQw4w9WgXcQ</div>")
    assert "<iframe" in body
    assert standalone_links(body) == []


def test_addresses_in_code_are_quoted_not_referenced() -> None:
    body = render_body(
        f'<pre><a href="{A}">{A}</a></pre><div><code><a href="{B}">{B}</a></code></div>'
    )
    assert standalone_links(body) == []


def test_only_web_addresses() -> None:
    body = render_body('<div><a href="mailto:desk@news.example">desk@news.example</a></div>')
    assert standalone_links(body) == []


def test_spaces_and_non_breaking_spaces_around_the_link_do_not_count() -> None:
    body = render_body(f"<div>&nbsp; {A} &nbsp;</div>")
    assert standalone_links(body) == [A]


def test_a_picture_on_the_line_makes_it_more_than_a_link() -> None:
    body = f'<div><a href="{A}">{A}</a><img src="/media/x.webp" alt=""></div>'
    assert standalone_links(body) == []


def test_an_empty_body_has_no_links() -> None:
    assert standalone_links("") == []
