"""Two members in real browsers: a post with a video, a comment, 새 댓글 확인하기, a scrap."""

from __future__ import annotations

import re

import pytest

from madang.boards import actions
from madang.boards.models import Draft, Post
from madang.comments.models import Comment
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def logged_in(browser, live_server, username: str):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    return context, page


@pytest.fixture
def members(make_member):
    made = []
    for name in ("first_writer", "second_reader"):
        member = make_member(name)
        member.set_password(PASSWORD)
        member.save()
        made.append(member)
    return made


def test_write_comment_check_scrap_and_fold(
    browser, live_server, board, members, make_post, notice_kind
):
    notice = make_post(board, title="스퀘어 이용 안내", author=members[1])
    actions.pin_notice(post=notice, kind=notice_kind, board=board)
    first_context, first = logged_in(browser, live_server, "first_writer")
    errors: list[str] = []
    first.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    first.goto(f"{live_server.url}/square/")
    first.get_by_role("link", name="글쓰기").click()
    # The form carries a submission token of its own, so that a retry is stored once.
    first.wait_for_function("() => document.querySelector('input[name=submission]').value")
    assert re.fullmatch("[0-9a-f]{32}", first.locator("input[name=submission]").input_value())
    first.get_by_label("카테고리").select_option(label="유머")
    first.get_by_label("제목").fill("고양이 영상 모음")
    editor = first.locator("trix-editor")
    editor.click()
    editor.type("오늘 본 영상입니다 ")
    first.locator("trix-toolbar [data-trix-attribute=bold]").click()
    editor.type("강추")
    first.locator("trix-toolbar [data-trix-attribute=bold]").click()
    editor.press("Enter")
    editor.type("https://youtu.be/dQw4w9WgXcQ")
    # Trix writes its hidden field after the keystrokes land: post only the whole address.
    first.wait_for_function(
        "() => document.querySelector('input[name=body]').value.includes('dQw4w9WgXcQ')"
    )
    first.wait_for_function("() => window.localStorage.getItem('madang:draft:square:new') !== null")
    shoot(first, "write")
    first.get_by_role("button", name="올리기").click()
    first.locator("h1.post-title", has_text="고양이 영상 모음").wait_for()
    post = Post.objects.get(title="고양이 영상 모음")
    assert "<strong>강추</strong>" in post.body_html
    assert first.locator(".post-body iframe").get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert first.evaluate("window.localStorage.getItem('madang:draft:square:new')") is None
    assert not Draft.objects.exists()

    second_context, second = logged_in(browser, live_server, "second_reader")
    second.goto(f"{live_server.url}{post.get_absolute_url()}")
    token = "#comment-form-slot input[name=submission]"
    second.wait_for_function(f"() => document.querySelector('{token}').value")
    used = second.locator(token).input_value()
    second.get_by_placeholder("댓글을 남겨 주세요").fill("고양이 최고예요")
    second.get_by_role("button", name="댓글 달기").click()
    second.locator("#comment-list .comment-body", has_text="고양이 최고예요").wait_for()
    assert second.get_by_placeholder("댓글을 남겨 주세요").input_value() == ""
    # The fresh form is a new submission, with a token of its own.
    second.wait_for_function(f"() => document.querySelector('{token}').value")
    assert re.fullmatch("[0-9a-f]{32}", second.locator(token).input_value())
    assert second.locator(token).input_value() != used
    assert Comment.objects.count() == 1

    first.get_by_role("button", name="새 댓글 확인하기").click()
    first.locator("#comment-list .comment-body", has_text="고양이 최고예요").wait_for()
    assert first.locator("#comment-count").inner_text() == "1"
    first.locator(".comment", has_text="고양이 최고예요").get_by_role("button", name="답글").click()
    first.get_by_placeholder("답글을 남겨 주세요").fill("감사합니다!")
    first.get_by_role("button", name="답글 달기").click()
    reply = first.locator(".replies .comment", has_text="감사합니다!")
    reply.wait_for()
    assert reply.locator(".author-mark").inner_text() == "글쓴이"

    first.get_by_role("button", name="스크랩 (0)").click()
    first.get_by_role("button", name="스크랩 (1)").wait_for()
    shoot(first, "post-written")

    first.goto(f"{live_server.url}/square/")
    assert first.locator("tbody.notices tr:visible").count() == 1
    first.get_by_role("link", name="스퀘어 이용 안내").first.click()
    first.goto(f"{live_server.url}/square/")
    assert (
        first.locator("tbody.notices tr:visible").count() == 0
    )  # read: folded, kept on the server
    first.get_by_role("button", name="모든 공지 확인하기 (1)").click()
    assert first.locator("tbody.notices tr:visible").count() == 1
    assert errors == []
    first_context.close()
    second_context.close()


def test_a_refused_post_keeps_every_word(browser, live_server, board, members):
    context, page = logged_in(browser, live_server, "first_writer")
    page.goto(f"{live_server.url}/square/write")
    page.get_by_label("카테고리").select_option(label="이슈")
    page.get_by_label("제목").fill("연락처 남겨요")
    page.locator("trix-editor").click()
    page.locator("trix-editor").type("제 번호는 010-2345-6789 입니다")
    page.get_by_role("button", name="올리기").click()
    page.locator(".personal-data", has_text="010-****-6789").wait_for()
    assert page.get_by_label("제목").input_value() == "연락처 남겨요"
    assert "010-2345-6789" in page.locator("trix-editor").inner_text()
    shoot(page, "write-personal-data")
    page.get_by_role("button", name="가려서 올리기").click()
    page.locator("h1.post-title", has_text="연락처 남겨요").wait_for()
    assert "010-****-6789" in page.locator(".post-body").inner_text()
    context.close()


def test_a_draft_survives_a_closed_tab(browser, live_server, board, members):
    context, page = logged_in(browser, live_server, "first_writer")
    page.goto(f"{live_server.url}/square/write")
    page.get_by_label("제목").fill("닫기 전에 쓴 제목")
    page.locator("trix-editor").click()
    page.locator("trix-editor").type("사라지면 안 되는 문장")
    page.wait_for_function(
        "() => (window.localStorage.getItem('madang:draft:square:new') || '').includes('사라지면')"
    )
    page.goto(f"{live_server.url}/square/")
    page.goto(f"{live_server.url}/square/write")
    page.locator("trix-editor", has_text="사라지면 안 되는 문장").wait_for()
    assert page.get_by_label("제목").input_value() == "닫기 전에 쓴 제목"
    context.close()
