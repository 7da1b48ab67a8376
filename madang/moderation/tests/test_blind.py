"""A moderator veils a post or comment where it stands (가림) until it is approved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from madang.comments.actions import create_comment
from madang.moderation import actions
from madang.moderation.models import AuditEvent, BoardModerator


@pytest.fixture
def moderator(board, make_member):
    member = make_member("square_mod")
    BoardModerator.objects.create(board=board, member=member)
    return member


def test_a_veiled_post_keeps_its_place_and_shows_a_placeholder(
    board, make_post, make_member, moderator, django_capture_on_commit_callbacks
):
    post = make_post(board, title="가릴 제목", author=make_member("writer"))
    guest = Client()
    assert "가릴 제목" in guest.get("/square/").content.decode()  # now in the page cache
    with django_capture_on_commit_callbacks(execute=True):
        actions.blind(actor=moderator, target=post, reason="욕설")
    listing = guest.get("/square/").content.decode()
    assert "가려진 글입니다" in listing
    assert "가릴 제목" not in listing
    event = AuditEvent.objects.get(action="blind")
    assert (event.target_id, event.board_id, event.reason) == (post.pk, board.pk, "욕설")
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(actor=moderator, target=post)
    assert "가릴 제목" in guest.get("/square/").content.decode()


def test_a_veiled_comment_shows_a_placeholder_body(board, make_post, make_member, moderator):
    post = make_post(board, title="글", author=make_member("writer"))
    comment = create_comment(post=post, author=make_member("commenter"), body="가릴 댓글")
    actions.blind(actor=moderator, target=comment, reason="욕설")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "가릴 댓글" not in page
    assert "검토가 끝날 때까지 가려 둔 댓글입니다." in page


def test_only_the_boards_moderators_veil(board, make_board, make_post, make_member):
    other = make_board("other")
    outsider = make_member("other_mod")
    BoardModerator.objects.create(board=other, member=outsider)
    post = make_post(board, title="남의 게시판 글", author=make_member("writer"))
    with pytest.raises(PermissionDenied):
        actions.blind(actor=outsider, target=post)
    post.refresh_from_db()
    assert not post.blinded
