"""In real browsers: a site admin appoints a board moderator in the admin, the moderator
veils a post at once, and a reader sees its placeholder title everywhere."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.moderation.models import AuditEvent, BoardModerator
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"
TITLE = "선 넘은 제목의 글"
PLACEHOLDER = "가려진 글입니다"


def log_in(page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()


def test_a_moderator_appointed_in_the_admin_veils_a_post_for_readers(
    browser, page, live_server, board, make_member, make_post
):
    post = make_post(board, title=TITLE, author=make_member("writer"))
    moderator_member = make_member("square_mod")
    for member in (make_member("site_admin", is_staff=True, is_superuser=True), moderator_member):
        member.set_password(PASSWORD)
        member.save()
    base = live_server.url

    log_in(page, base, "site_admin", "/admin/moderation/boardmoderator/add/")
    page.locator("select[name=board]").select_option(str(board.pk))
    page.locator("input[name=member]").fill(str(moderator_member.pk))  # the admin's raw id field
    page.locator("input[name=_save]").click()
    page.locator(".messagelist").wait_for()
    assert BoardModerator.objects.filter(board=board, member__username="square_mod").exists()
    assert AuditEvent.objects.filter(action="appoint_moderator").exists()

    moderator_context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    log_in(moderator, base, "square_mod", post.get_absolute_url())
    panel = moderator.locator(".mod-panel")
    panel.wait_for()
    panel.locator("summary").click()
    panel.locator("select[name=action]").select_option("blind")
    panel.locator("input[name=reason]").fill("욕설")
    panel.get_by_role("button", name="처리하기").click()
    moderator.locator(".message").first.wait_for()
    assert Post.objects.get(pk=post.pk).blinded
    # The moderator still reads what they veiled.
    moderator.goto(f"{base}{post.get_absolute_url()}")
    assert moderator.locator("h1.post-title").inner_text() == TITLE
    moderator_context.close()

    reader_context = browser.new_context(locale="ko-KR", viewport={"width": 360, "height": 800})
    reader = reader_context.new_page()
    reader.goto(f"{base}{post.get_absolute_url()}")
    assert reader.locator("h1.post-title").inner_text() == PLACEHOLDER
    assert reader.title().startswith(PLACEHOLDER)
    assert TITLE not in reader.content()
    shoot(reader, "blinded-post")
    reader.goto(f"{base}/square/")
    assert PLACEHOLDER in reader.locator("tbody.rows").inner_text()
    assert TITLE not in reader.content()
    reader_context.close()
