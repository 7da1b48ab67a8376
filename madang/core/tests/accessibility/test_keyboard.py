"""A member reads a post, comments, scraps it, loads older comments, edits and deletes
their comment with the keyboard alone (Tab, Shift+Tab, Enter, Space, and typing): after
each, focus stays where they are and a live region says what happened. The editor's
toolbar works from the keyboard too."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.core.tests.accessibility.conftest import session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "() => document.activeElement"


def member_page(browser, live_server, member):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    context.add_cookies([session_cookie(member, live_server.url)])
    return context, context.new_page()


def tab_to(page, matches: str, *, backwards: bool = False, limit: int = 120) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches the CSS selector."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate(f"() => document.activeElement.matches({matches!r})"):
            return
    raise AssertionError(f"Tab never reached {matches}")


def focused_is(page, selector: str) -> bool:
    return page.evaluate(f"() => document.activeElement.matches({selector!r})")


def test_a_member_comments_scraps_and_reads_older_comments_by_keyboard(browser, live_server, site):
    context, page = member_page(browser, live_server, site.reader)
    page.goto(f"{live_server.url}{site.post.get_absolute_url()}")

    page.keyboard.press("Tab")
    assert page.evaluate(f"{FOCUSED}.textContent") == "본문 바로가기"
    page.keyboard.press("Enter")
    assert focused_is(page, "main#main")

    tab_to(page, "#comment-form-slot textarea")
    page.keyboard.type("키보드로 단 댓글입니다")
    tab_to(page, "#comment-form-slot button[type=submit]")
    page.keyboard.press("Enter")
    page.locator("#comment-list .comment-body", has_text="키보드로 단 댓글입니다").wait_for()
    status = page.locator("[data-newer-status]")
    status.filter(has_text="댓글을 달았습니다.").wait_for()
    assert focused_is(page, "#comment-form-slot textarea")
    assert page.locator("#comment-form-slot textarea").input_value() == ""

    tab_to(page, "#scrap-form button", backwards=True)
    page.keyboard.press("Space")
    page.locator("#post-status", has_text="스크랩했습니다.").wait_for()
    assert focused_is(page, "#scrap-form button[aria-pressed=true]")
    assert Post.objects.get(pk=site.post.pk).scrap_count == 1
    page.keyboard.press("Space")
    page.locator("#post-status", has_text="스크랩을 취소했습니다.").wait_for()
    assert focused_is(page, "#scrap-form button[aria-pressed=false]")

    shown = page.locator("#comment-list .comment").count()
    tab_to(page, "#older-comments button")
    page.keyboard.press("Enter")
    status.filter(has_text="이전 댓글을 불러왔습니다.").wait_for()
    assert page.locator("#comment-list .comment").count() > shown
    # Nothing older is left: focus goes to the oldest comment, where reading goes on.
    assert page.locator("#older-comments button").count() == 0
    assert focused_is(page, "#comment-list .comment")
    assert page.evaluate(f"{FOCUSED}.textContent").count("1번째 댓글입니다") == 1
    context.close()


def test_the_editor_toolbar_works_from_the_keyboard(browser, live_server, site):
    context, page = member_page(browser, live_server, site.reader)
    page.goto(f"{live_server.url}/square/write")
    page.locator("trix-editor").wait_for()
    bold = page.locator("trix-toolbar [data-trix-attribute=bold]")
    assert bold.get_attribute("aria-keyshortcuts") == "Control+B Meta+B"
    assert "Ctrl+B" in bold.get_attribute("title")
    assert "단축키" in page.locator("#editor-help").inner_text()
    assert page.locator("trix-editor").get_attribute("aria-describedby") == "editor-help"

    tab_to(page, "input[name=title]")
    page.keyboard.type("키보드로 쓴 글")
    tab_to(page, "trix-toolbar [data-trix-attribute=bold]")
    page.keyboard.press("Enter")
    # Trix gives the editor its focus back, the bold on for what comes next.
    assert focused_is(page, "trix-editor")
    page.keyboard.type("굵은 글씨")
    body = "document.querySelector('input[name=body]').value"
    page.wait_for_function(f"() => {body}.includes('<strong>굵은 글씨</strong>')")
    context.close()


def test_a_member_edits_and_deletes_a_comment_by_keyboard(browser, live_server, site):
    mine = site.post.comments.get(body="다음 모임도 기대할게요")
    line = f"#c{mine.pk}"
    context, page = member_page(browser, live_server, site.reader)
    page.on("dialog", lambda dialog: dialog.accept())  # "이 댓글을 지울까요?"
    page.goto(f"{live_server.url}{site.post.get_absolute_url()}")

    tab_to(page, f"{line} [data-edit-link]")
    page.keyboard.press("Enter")
    page.locator(f"#edit-{mine.pk}").wait_for()
    assert focused_is(page, f"#edit-{mine.pk}")
    page.keyboard.press("Control+A")
    page.keyboard.type("다음 모임도 꼭 갈게요")
    tab_to(page, f"{line} button[type=submit]")
    page.keyboard.press("Enter")
    status = page.locator("[data-newer-status]")
    status.filter(has_text="댓글을 고쳤습니다.").wait_for()
    assert page.locator(f"{line} .comment-body").inner_text() == "다음 모임도 꼭 갈게요"
    assert focused_is(page, f"{line} [data-edit-link]")

    page.keyboard.press("Tab")
    assert focused_is(page, f"{line} form button")  # 삭제
    page.keyboard.press("Enter")
    status.filter(has_text="댓글을 지웠습니다.").wait_for()
    # A numbered comment keeps its place, "삭제된 댓글입니다" under its number: focus is there.
    assert page.locator(f"{line}.placeholder").inner_text().endswith("삭제된 댓글입니다.")
    assert focused_is(page, line)
    context.close()
