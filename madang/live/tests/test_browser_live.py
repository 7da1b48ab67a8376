"""Two members in real browsers: one comments, the other's open page shows it by itself.

The pages come from Django's live server and /live/ from the stream application,
both behind one origin (``Front``, standing in for the shipped nginx).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from madang.live.stream import LiveApp
from madang.live.tests.streaming import Front, Served, served
from madang.live.views import follow_post
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def site(live_server, live_settings) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    with served(Front(LiveApp(follow_post), live_server.thread.port)) as front:
        yield front


@pytest.fixture
def members(make_member):  # type: ignore[no-untyped-def]
    made = []
    for name in ("live_writer", "live_reader"):
        member = make_member(name)
        member.set_password(PASSWORD)
        member.save()
        made.append(member)
    return made


def logged_in(browser, base: str, username: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    return context, page


def test_a_comment_appears_on_another_members_open_page(
    browser, site, board, members, make_post, make_comment
):
    base = f"http://127.0.0.1:{site.port}"
    post = make_post(board, title="실시간 댓글을 기다리는 글", author=members[0])
    make_comment(post, body="먼저 달린 댓글", author=members[1])
    reader_context, reader = logged_in(browser, base, "live_reader")
    errors: list[str] = []
    reader.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    reader.goto(f"{base}/square/{post.number}")
    toggle = reader.get_by_label("새 댓글 자동으로 보기")
    assert toggle.is_checked()  # on unless the reader turned it off
    site.wait_for_streams(1)

    writer_context, writer = logged_in(browser, base, "live_writer")
    writer.goto(f"{base}/square/{post.number}")
    form = writer.locator("#comment-form-slot")
    form.get_by_label("댓글").fill("방금 쓴 댓글이 저절로 보입니다")
    form.get_by_role("button", name="댓글 달기").click()
    writer.locator("#comment-list .comment", has_text="방금 쓴 댓글").wait_for()

    arrived = reader.locator("#comment-list .comment", has_text="방금 쓴 댓글이 저절로 보입니다")
    arrived.wait_for()
    assert arrived.locator(".author-mark").inner_text() == "글쓴이"
    assert reader.locator("#comment-count").inner_text() == "2"
    shoot(reader, "live-comment-arrived")
    assert errors == []
    writer_context.close()
    reader_context.close()


@pytest.mark.redis  # changes reach streams through Redis; the database feed sees new ones only
def test_a_deleted_comment_keeps_its_place_on_another_open_page(
    browser, site, board, members, make_post, make_comment
):
    base = f"http://127.0.0.1:{site.port}"
    post = make_post(board, title="지워질 댓글이 있는 글")
    make_comment(post, body="남는 댓글", author=members[1])
    make_comment(post, body="곧 지울 댓글", author=members[0])
    reader_context, reader = logged_in(browser, base, "live_reader")
    reader.goto(f"{base}/square/{post.number}")
    site.wait_for_streams(1)
    writer_context, writer = logged_in(browser, base, "live_writer")
    writer.goto(f"{base}/square/{post.number}")

    writer.once("dialog", lambda dialog: dialog.accept())
    writer.locator("#comment-list .comment", has_text="곧 지울 댓글").get_by_role(
        "button", name="삭제"
    ).click()

    # As a reload would show it: its number, and "삭제된 댓글입니다." in its place.
    placeholder = reader.locator("#comment-list .comment.placeholder")
    placeholder.filter(has_text="삭제된 댓글입니다.").wait_for()
    assert placeholder.locator(".ordinal").inner_text() == "2"
    assert reader.locator("#comment-list .comment", has_text="곧 지울 댓글").count() == 0
    writer_context.close()
    reader_context.close()


def test_the_button_says_when_nothing_is_new(page, site, board, make_post, make_comment):
    base = f"http://127.0.0.1:{site.port}"
    post = make_post(board, title="조용한 글")
    make_comment(post, body="하나뿐인 댓글")
    page.goto(f"{base}/square/{post.number}")
    site.wait_for_streams(1)

    page.get_by_role("button", name="새 댓글 확인하기").click()

    status = page.get_by_role("status").filter(has_text="새 댓글이 없습니다")
    status.wait_for()
    assert page.locator("#comment-list .comment").count() == 1


def test_a_reader_who_turns_it_off_is_remembered(page, site, board, make_post):
    base = f"http://127.0.0.1:{site.port}"
    post = make_post(board, title="끌 수 있는 글")
    page.goto(f"{base}/square/{post.number}")
    site.wait_for_streams(1)

    page.get_by_label("새 댓글 자동으로 보기").uncheck()
    site.wait_for_streams(0)  # the stream is closed at once
    page.reload()

    assert not page.get_by_label("새 댓글 자동으로 보기").is_checked()
    page.get_by_role("button", name="새 댓글 확인하기").wait_for()
    assert site.health()["streams"] == 0


@pytest.mark.redis  # a member's own events (their unread count) travel through Redis
def test_the_writer_sees_a_comment_arrive_and_the_bell_count_it(
    browser, site, board, members, make_post
):
    base = f"http://127.0.0.1:{site.port}"
    post = make_post(board, title="알림을 기다리는 글", author=members[0])
    writer_context, writer = logged_in(browser, base, "live_writer")
    writer.goto(f"{base}/square/{post.number}")
    bell = writer.locator("[data-bell]")
    assert bell.locator(".bell-count").is_hidden()
    site.wait_for_streams(1)

    reader_context, reader = logged_in(browser, base, "live_reader")
    reader.goto(f"{base}/square/{post.number}")
    form = reader.locator("#comment-form-slot")
    form.get_by_label("댓글").fill("글 잘 봤습니다")
    form.get_by_role("button", name="댓글 달기").click()
    reader.locator("#comment-list .comment", has_text="글 잘 봤습니다").wait_for()

    writer.locator("#comment-list .comment", has_text="글 잘 봤습니다").wait_for()
    count = bell.locator(".bell-count")
    count.wait_for(state="visible")
    assert count.inner_text() == "1"
    assert bell.get_attribute("aria-label") == "알림 1개"
    shoot(writer, "live-bell")
    bell.click()
    writer.locator(".notification", has_text="알림을 기다리는 글").wait_for()
    assert "글 잘 봤습니다" in writer.locator(".notification").first.inner_text()
    reader_context.close()
    writer_context.close()
