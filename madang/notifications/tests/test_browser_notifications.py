"""In a real browser: one member comments on another's post; the other sees the bell
count, opens the list, follows the line to the comment, and the bell empties."""

from __future__ import annotations

import pytest

from madang.comments.models import Comment
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def log_in(browser, live_server, member):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(member.username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    return page, errors


@pytest.fixture
def yard(board, make_post, make_member):
    people = {}
    for name in ("writer", "commenter"):
        member = make_member(name)
        member.set_password(PASSWORD)
        member.save()
        people[name] = member
    post = make_post(board, title="가을 마당 소식", author=people["writer"])
    return post, people


def test_a_comment_reaches_its_posts_writer_through_the_bell(browser, live_server, yard):
    post, people = yard
    commenter, commenter_errors = log_in(browser, live_server, people["commenter"])
    commenter.goto(f"{live_server.url}{post.get_absolute_url()}")
    commenter.get_by_placeholder("댓글을 남겨 주세요").fill("마당에 단풍이 들었네요")
    commenter.get_by_role("button", name="댓글 달기").click()
    commenter.locator("#comment-list .comment", has_text="마당에 단풍이 들었네요").wait_for()
    comment = Comment.objects.get(body="마당에 단풍이 들었네요")

    writer, errors = log_in(browser, live_server, people["writer"])
    writer.goto(f"{live_server.url}/square/")
    bell = writer.get_by_role("link", name="알림 1개")
    assert bell.locator(".bell-count").inner_text() == "1"
    shoot(writer, "notifications-bell")
    bell.click()
    line = writer.locator("li.notification.unread")
    assert "내 글에 새 댓글" in line.inner_text()
    assert "마당에 단풍이 들었네요" in line.inner_text()
    assert "가을 마당 소식" in line.inner_text()
    shoot(writer, "notifications-list")
    line.get_by_role("link").click()
    writer.wait_for_url(f"**{post.get_absolute_url()}#c{comment.pk}")
    assert writer.locator(f"#c{comment.pk}").is_visible()
    assert writer.locator("header").get_by_role("link", name="알림", exact=True).is_visible()
    assert not writer.locator(".nav-bell .bell-count").is_visible()

    # The live stream tells an open page of a new count; the bell shows it in place.
    writer.evaluate(
        "document.dispatchEvent(new CustomEvent('madang:unread', {detail: {count: 3}}))"
    )
    assert writer.get_by_role("link", name="알림 3개").locator(".bell-count").inner_text() == "3"

    writer.goto(f"{live_server.url}/me/notifications/")
    assert writer.locator("li.notification.unread").count() == 0
    assert errors == [] and commenter_errors == []


def test_read_all_empties_the_list_of_unread(browser, live_server, yard, make_comment):
    post, people = yard
    for index in range(3):
        make_comment(post, body=f"{index + 1}번째 손님", author=people["commenter"])
    writer, errors = log_in(browser, live_server, people["writer"])
    writer.goto(f"{live_server.url}/me/notifications/")
    assert writer.locator("li.notification.unread").count() == 3
    writer.get_by_role("button", name="모두 읽음").click()
    writer.wait_for_url("**/me/notifications/")
    assert writer.locator("li.notification").count() == 3
    assert writer.locator("li.notification.unread").count() == 0
    assert writer.locator("header").get_by_role("link", name="알림", exact=True).is_visible()
    shoot(writer, "notifications-read")
    assert errors == []
