"""Each kind of query finds what it should: the words Korean readers type."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from madang.search.tests.searching import comment_bodies, found, titles

NEWS = [
    ("소프트뱅크, 라인야후 지분 매각 검토", "<p>정부가 자본 관계 재검토를 요구했다.</p>"),
    ("AI반도체 투자에 10조엔 쏟는다", "<p>엔비디아와 경쟁하는 AI 칩을 만든다.</p>"),
    ("온라인 쇼핑 거래액 역대 최대", "<p>모바일 쇼핑이 늘었다.</p>"),
    ("정부, 반도체 보조금 확대", "<p>AI 반도체 업계가 반겼다. 소프트 웨어는 빠졌다.</p>"),
    ("뱅크샐러드 새 기능", "<p>가계부 앱</p>"),
    ("집", "<p>한 글자 제목</p>"),
    ("OpenAI GPT-5 출시", "<p>Line 메신저와 제휴</p>"),
    ("소프트 뱅크 아님", "<p>띄어 쓴 소프트 뱅크</p>"),
]


@pytest.fixture
def news(board, make_post):
    start = timezone.now() - timedelta(days=1)
    return [
        make_post(board, title=title, body=body, created_at=start + timedelta(minutes=index))
        for index, (title, body) in enumerate(NEWS)
    ]


def test_two_syllable_words_are_found_inside_longer_ones(news):
    assert titles("라인") == ["온라인 쇼핑 거래액 역대 최대", "소프트뱅크, 라인야후 지분 매각 검토"]
    assert titles("정부") == ["정부, 반도체 보조금 확대", "소프트뱅크, 라인야후 지분 매각 검토"]


def test_words_inside_compounds_are_found(news):
    assert titles("뱅크", field="title") == [
        "소프트 뱅크 아님",
        "뱅크샐러드 새 기능",
        "소프트뱅크, 라인야후 지분 매각 검토",
    ]
    assert titles("라인야후") == ["소프트뱅크, 라인야후 지분 매각 검토"]


def test_longer_words_are_rechecked_so_scattered_pairs_do_not_match(news):
    # 소프트 and 뱅크 written apart hold every pair of 소프트뱅크 but 트뱅.
    assert titles("소프트뱅크") == ["소프트뱅크, 라인야후 지분 매각 검토"]
    # 반도체 and AI far apart are not AI반도체.
    assert titles("AI반도체") == ["AI반도체 투자에 10조엔 쏟는다"]


def test_mixed_korean_latin_and_digits(news):
    assert titles("10조엔") == ["AI반도체 투자에 10조엔 쏟는다"]
    # Latin words match whole or by their beginning: ai is not found inside OpenAI.
    assert titles("ai") == ["정부, 반도체 보조금 확대", "AI반도체 투자에 10조엔 쏟는다"]
    assert titles("open") == ["OpenAI GPT-5 출시"]
    assert titles("gpt") == ["OpenAI GPT-5 출시"]
    assert titles("LINE") == ["OpenAI GPT-5 출시"]


def test_several_words_must_all_be_there(news):
    assert titles("반도체 정부") == ["정부, 반도체 보조금 확대"]
    assert titles("반도체 라인") == []
    assert titles("엔비디아 AI 칩") == ["AI반도체 투자에 10조엔 쏟는다"]


def test_one_syllable_words_are_found_in_recent_titles(news, settings):
    assert titles("집") == ["집"]
    assert found("집").scanned == settings.MADANG_SEARCH_SCAN
    settings.MADANG_SEARCH_SCAN = 2  # only the two newest titles are read
    assert titles("집") == []


def test_a_one_syllable_word_beside_a_longer_one_is_rechecked(news):
    assert titles("쇼핑 온") == ["온라인 쇼핑 거래액 역대 최대"]
    assert titles("쇼핑 밥") == []


def test_initial_consonants(news):
    assert titles("ㄹㅇㅇㅎ") == ["소프트뱅크, 라인야후 지분 매각 검토"]
    assert "소프트뱅크, 라인야후 지분 매각 검토" in titles("ㅅㅍㅌㅂㅋ")
    assert titles("ㅂㅋㅅㄹㄷ", field="title") == ["뱅크샐러드 새 기능"]


def test_initial_consonants_written_as_such_are_found_too(board, make_post, news):
    make_post(board, title="ㄹㅇ 공감되는 글")
    assert "ㄹㅇ 공감되는 글" in titles("ㄹㅇ")


def test_title_body_and_title_only(news):
    assert titles("엔비디아") == ["AI반도체 투자에 10조엔 쏟는다"]
    assert titles("엔비디아", field="title") == []
    assert titles("엔비디아", field="body") == ["AI반도체 투자에 10조엔 쏟는다"]
    assert titles("쇼핑", field="body") == ["온라인 쇼핑 거래액 역대 최대"]


def test_comments(news, make_comment):
    make_comment(news[0], body="라인 메신저 앞으로 어떻게 되나요")
    make_comment(news[1], body="10조엔이면 얼마죠")
    assert comment_bodies("메신저") == ["라인 메신저 앞으로 어떻게 되나요"]
    assert comment_bodies("10조엔") == ["10조엔이면 얼마죠"]
    assert comment_bodies("소프트뱅크") == []  # a post's title is not its comments


def test_relevance_puts_title_matches_first(news):
    assert titles("소프트") == [
        "소프트 뱅크 아님",
        "정부, 반도체 보조금 확대",
        "소프트뱅크, 라인야후 지분 매각 검토",
    ]
    assert titles("소프트", order="relevance") == [
        "소프트 뱅크 아님",  # in the title, and twice in the body
        "소프트뱅크, 라인야후 지분 매각 검토",  # in the title
        "정부, 반도체 보조금 확대",  # in the body only
    ]


def test_matched_words_are_marked_in_titles_and_excerpts(news):
    (hit,) = found("엔비디아 10조엔").hits
    assert str(hit.title) == "AI반도체 투자에 <mark>10조엔</mark> 쏟는다"
    assert "<mark>엔비디아</mark>" in str(hit.excerpt)
    (initial,) = found("ㄹㅇㅇㅎ").hits
    assert "<mark>라인야후</mark>" in str(initial.title)


def test_marks_never_carry_markup_from_titles(board, make_post):
    make_post(board, title='<script>alert("라인")</script>', body="<p>라인</p>")
    (hit,) = found("라인").hits
    assert "<script>" not in str(hit.title)
    assert "&lt;script&gt;" in str(hit.title)


def test_pages_are_numbered_and_newest_first(board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    start = timezone.now() - timedelta(days=1)
    for index in range(25):
        make_post(board, title=f"라인 소식 {index}", created_at=start + timedelta(minutes=index))
    first = found("라인")
    assert [hit.post.title for hit in first.hits] == ["라인 소식 24", "라인 소식 23"]
    assert first.links == list(range(1, 11))
    assert first.more and first.next_block == 11
    eleventh = found("라인", page=11)
    assert [hit.post.title for hit in eleventh.hits] == ["라인 소식 4", "라인 소식 3"]
    assert eleventh.links == [11, 12, 13]
    assert not eleventh.more and eleventh.next_block is None
    assert eleventh.counted == 25


def test_results_stop_at_the_most_a_search_counts(board, make_post, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    settings.MADANG_SEARCH_MAX_RESULTS = 6
    for index in range(9):
        make_post(board, title=f"라인 소식 {index}")
    results = found("라인", page=3)
    assert results.capped and not results.more
    assert results.links == [1, 2, 3]
    # Past the last page it counts: the last one.
    assert [hit.post.title for hit in found("라인", page=99).hits] == ["라인 소식 4", "라인 소식 3"]
