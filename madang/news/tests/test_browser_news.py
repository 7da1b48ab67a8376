"""In a real browser: a member posts an article's link and sees its card; posting the same
article again, they are shown the earlier post, and may still post it."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.boards.tests.test_browser_writing import PASSWORD, logged_in
from madang.news.tests.test_cards import PAGE, png
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "한빛시, 내년부터 시내버스 요금 인상"


def write(page, base: str, title: str, source: str) -> None:
    page.goto(f"{base}/square/write")
    page.wait_for_function("() => document.querySelector('input[name=submission]').value")
    page.get_by_label("카테고리").select_option(label="기사/뉴스")
    page.get_by_label("제목").fill(title)
    page.get_by_label("출처").fill(source)
    editor = page.locator("trix-editor")
    editor.click()
    editor.type("요금이 또 오르네요")
    page.wait_for_function("() => document.querySelector('input[name=body]').value.includes('또')")
    page.get_by_role("button", name="올리기").click()


def test_a_link_gets_its_card_and_the_same_article_again_is_caught(
    browser, live_server, make_board, make_member, web, settings
):
    settings.MADANG_LINK_PREVIEWS = True
    web.page("/article", PAGE.format(charset="utf-8", title=TITLE))
    web.page("/photo.png", png(), content_type="image/png")
    make_board("square", name="스퀘어", categories=("이슈", "기사/뉴스"))
    for name in ("first_writer", "second_reader"):
        member = make_member(name)
        member.set_password(PASSWORD)
        member.save()
    article = web.url("/article")

    first_context, first = logged_in(browser, live_server, "first_writer")
    write(first, live_server.url, "버스 요금 오른대요", article)
    first.locator("h1.post-title", has_text="버스 요금 오른대요").wait_for()
    card = first.locator(".link-card")
    card.wait_for()
    assert card.locator(".link-card-title").inner_text() == TITLE
    assert card.locator(".link-card-site").inner_text() == "한빛일보"
    assert card.get_attribute("href") == article
    assert card.locator("img").get_attribute("src").startswith("/media/m/")
    shoot(first, "news-card")
    first_context.close()

    second_context, second = logged_in(browser, live_server, "second_reader")
    mobile = article + "?utm_source=kakao"
    write(second, live_server.url, "시내버스 요금 인상 소식", mobile)
    warning = second.locator(".form-errors .duplicates")
    warning.wait_for()
    earlier = Post.objects.get(title="버스 요금 오른대요")
    assert warning.locator("a").get_attribute("href") == earlier.get_absolute_url()
    assert "같은 링크" in warning.inner_text()
    assert second.get_by_label("제목").input_value() == "시내버스 요금 인상 소식"
    shoot(second, "news-duplicate")
    second.get_by_label("위 글을 확인했습니다. 다른 내용이라 그대로 올립니다.").check()
    second.get_by_role("button", name="올리기").click()
    second.locator("h1.post-title", has_text="시내버스 요금 인상 소식").wait_for()
    assert Post.objects.count() == 2
    second_context.close()
