"""In a real browser: a comment the gate refuses with a 403 comes back into its form, told why."""

from __future__ import annotations

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.comments.models import Comment
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def test_a_banned_member_is_told_why_and_keeps_the_comment(
    page, live_server, board, make_member, make_post
):
    post = make_post(board, title="댓글 받을 글", author=make_member("poster"))
    member = make_member("banned_reader")
    member.set_password(PASSWORD)
    member.save()
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.VISIBLE,
        reason="욕설",
        days=3,
    )
    page.goto(f"{live_server.url}/accounts/login/?next={post.get_absolute_url()}")
    page.get_by_label("아이디").fill("banned_reader")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_placeholder("댓글을 남겨 주세요").fill("못 다는 댓글")
    page.get_by_role("button", name="댓글 달기").click()
    alert = page.locator("#comment-form-slot .form-errors")
    alert.wait_for()
    assert "활동이 정지되어 글을 쓸 수 없습니다. 사유: 욕설" in alert.inner_text()
    assert page.get_by_placeholder("댓글을 남겨 주세요").input_value() == "못 다는 댓글"
    assert not Comment.objects.exists()
