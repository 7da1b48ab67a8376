"""The combined decision and the window a new post is checked against."""

from __future__ import annotations

import random

from madang.news.bench_duplicates import made_link, made_titles, retitled
from madang.news.duplicates import Story, Window, needed_shared, same_story
from madang.news.titles import THRESHOLD


def story(url: str | None, title: str, canonical: str | None = None) -> Story:
    return Story.of(url=url, title=title, canonical=canonical)


def test_a_shared_link_key_is_the_same_story_whatever_the_titles() -> None:
    a = story("https://m.yna.co.kr/view/AKR1?input=1195m", "카드 결제 오류 2시간")
    b = story("https://www.yna.co.kr/view/AKR1", "카드 결제 오류 복구")
    assert same_story(a, b)


def test_the_canonical_alias_joins_a_mobile_page_to_its_desktop_page() -> None:
    mobile = "https://news.kbs.co.kr/news/mobile/view/view.do?ncd=7"
    desktop = "https://news.kbs.co.kr/news/pc/view/view.do?ncd=7"
    a = story(mobile, "스쿨존 단속 강화", canonical=desktop)
    b = story(desktop, "어린이 보호구역 과속 단속 대폭 강화한다")
    assert same_story(a, b)
    assert not same_story(story(mobile, "스쿨존 단속 강화"), b)


def test_another_article_of_the_same_press_is_another_story() -> None:
    a = story("https://www.yna.co.kr/view/AKR1", "중부지방 대설 예비특보")
    b = story("https://www.yna.co.kr/view/AKR2", "중부지방 대설 예비특보")
    assert not same_story(a, b)
    naver_a = story("https://n.news.naver.com/article/001/0000000001", "오늘의 주요 일정")
    naver_b = story("https://n.news.naver.com/article/001/0000000002", "오늘의 주요 일정")
    assert not same_story(naver_a, naver_b)


def test_another_press_with_the_same_title_is_the_same_story() -> None:
    a = story("https://n.news.naver.com/article/001/0000000001", "수도권 광역버스 입석 금지")
    b = story("https://n.news.naver.com/article/003/0000000002", "수도권 광역버스 입석 금지")
    c = story("https://www.khan.co.kr/a/1", "수도권 광역버스, 입석 금지")
    assert same_story(a, b) and same_story(a, c)


def test_posts_without_links_are_compared_by_title() -> None:
    assert same_story(story(None, "한은 기준금리 동결"), story(None, "[속보] 한은, 기준금리 동결"))
    assert story("not a link", "제목").keys == frozenset()


def test_the_window_finds_link_and_title_repeats_oldest_first() -> None:
    window = Window(
        [
            (1, story("https://www.yna.co.kr/view/AKR1", "한은 기준금리 연 3.5% 동결")),
            (2, story("https://www.hani.co.kr/arti/2.html", "프로야구 개막전 전 구장 매진")),
            (3, story("https://www.khan.co.kr/a/3", "한은, 기준금리 연 3.5% 동결")),
        ]
    )
    assert window.repeats(story("https://m.yna.co.kr/view/AKR1", "금리 동결")) == [1]
    copy = story("https://www.mk.co.kr/9", "[속보] 한은 기준금리 연 3.5% 동결")
    assert window.repeats(copy) == [1, 3]
    assert window.repeats(story("https://www.mk.co.kr/9", "택시 요금 인상")) == []
    assert len(window) == 3


def test_a_story_leaves_the_window_with_its_keys_and_bigrams() -> None:
    window = Window([(1, story("https://www.yna.co.kr/view/AKR1", "한은 기준금리 동결"))])
    window.discard(1)
    window.discard(1)
    assert window.repeats(story("https://www.yna.co.kr/view/AKR1", "한은 기준금리 동결")) == []
    assert window._by_key == {} and window._by_bigram == {}
    window.add(1, story(None, "택시 요금 인상 추진"))
    window.add(1, story(None, "버스 요금 인상 추진 발표"))
    assert window.repeats(story(None, "택시 요금 인상 추진")) == []


def test_needed_shared_is_the_least_that_can_reach_the_threshold() -> None:
    for size in range(1, 60):
        needed = needed_shared(size)
        # Sharing `needed` bigrams with a title of that many can reach the threshold...
        assert 2 * needed / (size + needed) >= THRESHOLD - 1e-9
        # ...and one fewer cannot, whatever the other title's size.
        assert needed == 1 or 2 * (needed - 1) / (size + needed - 1) < THRESHOLD


def test_the_index_finds_what_comparing_with_every_title_finds() -> None:
    rng = random.Random(7)
    titles = made_titles(400, rng)
    stories = [(i, story(made_link(rng), title)) for i, title in enumerate(titles)]
    window = Window(stories)
    checks = [story(made_link(rng), retitled(rng.choice(titles), rng)) for _ in range(60)]
    checks += [story(made_link(rng), title) for title in made_titles(60, rng)]
    found_any = False
    for new in checks:
        scanned = [i for i, old in stories if same_story(new, old)]
        assert window.repeats(new) == scanned
        found_any = found_any or bool(scanned)
    assert found_any
