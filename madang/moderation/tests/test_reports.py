from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.boards.models import Post
from madang.comments.actions import create_comment
from madang.moderation.models import Report
from madang.moderation.reports import report


@pytest.fixture
def reporters(make_member):
    return [make_member(f"reporter{index}") for index in range(6)]


def test_enough_distinct_reports_blind_a_post(board, make_post, reporters, client):
    post = make_post(board, title="문제의 글", body="<p>문제의 본문</p>")
    for reporter in reporters[:4]:
        assert report(reporter=reporter, target=post, reason="abuse")
    assert not report(reporter=reporters[0], target=post, reason="spam")  # once per member
    assert not Post.objects.get(pk=post.pk).blinded
    report(reporter=reporters[4], target=post, reason="abuse")
    assert Post.objects.get(pk=post.pk).blinded
    page = client.get(post.get_absolute_url()).content.decode()
    assert "검토가 끝날 때까지 가려 둔 글입니다." in page and "문제의 본문" not in page
    assert "가려진 글입니다" in client.get("/square/").content.decode()


def test_the_writer_is_told_the_post_is_under_review(board, make_post, reporters, member):
    post = make_post(board, author=member, body="<p>내 본문</p>")
    for reporter in reporters[:5]:
        report(reporter=reporter, target=post, reason="spam")
    own = Client()
    own.force_login(member)
    page = own.get(post.get_absolute_url()).content.decode()
    assert "신고가 접수되어 관리자가 검토하고 있습니다." in page
    assert "내 본문" in page


def test_reporting_through_the_page(board, make_post, make_member, client):
    post = make_post(board)
    client.force_login(make_member())
    form = client.get(post.get_absolute_url() + "/report", headers={"HX-Request": "true"})
    assert "신고 사유" in form.content.decode()
    done = client.post(
        post.get_absolute_url() + "/report",
        {"reason": "spam", "text": "광고예요"},
        headers={"HX-Request": "true"},
    )
    assert "신고했습니다" in done.content.decode()
    assert Report.objects.get().text == "광고예요"


def test_comments_are_reported_and_blinded_too(board, make_post, reporters, member, client):
    post = make_post(board)
    comment = create_comment(post=post, author=member, body="나쁜 댓글")
    board.report_threshold = 2
    board.save()
    for reporter in reporters[:2]:
        report(reporter=reporter, target=comment, reason="abuse")
    page = BeautifulSoup(client.get(post.get_absolute_url()).content.decode(), "html.parser")
    assert (
        page.select_one(f"#c{comment.pk} .comment-body").get_text()
        == "검토가 끝날 때까지 가려 둔 댓글입니다."
    )


def test_reporters_are_never_shown_to_members(board, make_post, reporters, client):
    post = make_post(board)
    report(reporter=reporters[0], target=post, reason="abuse", text="이상해요")
    client.force_login(reporters[1])
    assert reporters[0].username not in client.get(post.get_absolute_url()).content.decode()
    assert client.get("/mod/").status_code == 403
