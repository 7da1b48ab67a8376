"""A moderator handles a report in a real browser."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.reports import report
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def test_a_moderator_hides_a_reported_post(page, live_server, board, make_member, make_post):
    writer = make_member("writer")
    post = make_post(board, title="광고 도배 글", body="<p>사세요 사세요</p>", author=writer)
    board.report_threshold = 3
    board.save()
    for index in range(3):
        report(
            reporter=make_member(f"reader{index}"), target=post, reason="spam", text="광고입니다"
        )
    moderator = make_member("square_mod")
    moderator.set_password(PASSWORD)
    moderator.save()
    BoardModerator.objects.create(board=board, member=moderator)

    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert "검토가 끝날 때까지 가려 둔 글입니다." in page.locator(".post-body").inner_text()

    page.goto(f"{live_server.url}/accounts/login/?next=/mod/")
    page.get_by_label("아이디").fill("square_mod")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    item = page.locator(f"#q-post-{post.pk}")
    item.wait_for()
    assert "reader0" in item.inner_text()
    shoot(page, "mod-desk")
    item.locator("input[type=checkbox]").check()
    page.locator(".mod-queue select[name=action]").select_option("hide")
    page.locator(".mod-queue input[name=reason]").fill("광고 도배")
    page.get_by_role("button", name="처리하기").click()
    page.locator(".message", has_text="1개 항목을 처리했습니다.").wait_for()
    assert Post.objects.get(pk=post.pk).status == Post.Status.HIDDEN
    assert page.locator(f"#q-post-{post.pk}").count() == 0
    event = AuditEvent.objects.get(action="hide")
    assert (event.actor_name, event.reason) == ("square_mod", "광고 도배")
    page.get_by_role("link", name="감사 기록").first.click()
    assert "광고 도배" in page.locator("table.audit").inner_text()
