"""A site admin appoints a board moderator in a real browser; the tools show on the next page."""

from __future__ import annotations

import pytest

from madang.moderation.models import AuditEvent
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def log_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_a_site_admin_appoints_a_moderator_who_gets_the_tools_at_once(
    browser, page, live_server, board, make_member, make_post
):
    post = make_post(board, title="아무 글", author=make_member("writer"))
    for member in (
        make_member("site_admin", is_staff=True, is_superuser=True),
        make_member("new_mod"),
    ):
        member.set_password(PASSWORD)
        member.save()

    other = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    theirs = other.new_page()
    log_in(theirs, live_server.url, "new_mod", post.get_absolute_url())
    theirs.locator("h1.post-title").wait_for()
    assert theirs.locator(".mod-panel").count() == 0

    log_in(page, live_server.url, "site_admin", "/mod/moderators/")
    page.get_by_label("게시판").select_option(str(board.pk))
    page.get_by_label("아이디").fill("new_mod")
    page.get_by_label("사유").fill("자원")
    page.get_by_role("button", name="임명하기").click()
    page.locator(".message", has_text="게시판 관리자를 임명했습니다.").wait_for()
    assert "new_mod" in page.locator("table.moderators").inner_text()
    shoot(page, "mod-moderators")
    assert AuditEvent.objects.get(action="appoint_moderator").reason == "자원"

    theirs.reload()
    theirs.locator(".mod-panel").wait_for()
    other.close()
