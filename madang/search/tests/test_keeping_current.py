"""Every way a post or a comment changes leaves the search right, in the same transaction.

The index holds text; what a reader finds is decided by the rows' status when
they search. So each path is checked from the outside: after a writer, a
moderator, a ban, a lift or reports change something, who finds what.
"""

from __future__ import annotations

import pytest
from django.db import connection

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions as board_actions
from madang.boards.models import Post
from madang.boards.visibility import GUEST, as_writer
from madang.comments.actions import CommentRefused
from madang.comments.models import Comment
from madang.moderation import actions as moderation
from madang.moderation.bans import ban_author, lift_ban
from madang.moderation.models import Ban
from madang.moderation.permissions import viewer_of
from madang.moderation.reports import report
from madang.search import engine
from madang.search.models import CommentEntry, PostEntry
from madang.search.tests.searching import comment_bodies, titles
from madang.writing import submit


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def writer(make_member):
    return make_member("writer")


@pytest.fixture
def written(board, writer):
    post, _cleared = submit.write_post(
        member=writer, board=board, title="소프트뱅크 라인 지분 매각", body="<p>정부가 검토</p>"
    )
    return post


def test_a_new_post_is_found_at_once(written):
    assert titles("라인") == ["소프트뱅크 라인 지분 매각"]
    assert titles("정부", field="body") == ["소프트뱅크 라인 지분 매각"]


def test_an_edit_replaces_what_is_found(written, writer):
    submit.edit_post(
        member=writer, post=written, title="네이버 협상 결렬", body="<p>국회가 질의</p>"
    )
    assert titles("라인") == []
    assert titles("정부") == []
    assert titles("네이버") == ["네이버 협상 결렬"]
    assert titles("국회", field="body") == ["네이버 협상 결렬"]
    assert PostEntry.objects.get(pk=written.pk).title == "네이버 협상 결렬"


def test_a_deleted_post_is_found_by_nobody_and_comes_back_when_restored(written, writer):
    submit.delete_post(post=written)
    assert titles("라인") == []
    assert titles("라인", viewer=as_writer(writer.pk)) == []
    board_actions.set_post_status(post=written, status=Post.Status.PUBLISHED)
    assert titles("라인") == ["소프트뱅크 라인 지분 매각"]


def test_a_moderator_hiding_or_removing_a_post_takes_it_out(written, admin, make_post, board):
    moderation.hide(actor=admin, target=written, reason="test")
    assert titles("라인") == []
    assert titles("라인", viewer=viewer_of(admin)) == []  # lists leave hidden posts out
    other = make_post(board, title="라인 업데이트")
    moderation.remove(actor=admin, target=other, reason="test")
    assert titles("라인") == []


def test_a_held_post_is_found_once_approved(board, writer, admin):
    held = board_actions.create_post(
        board=board, author=writer, title="라인 보류 글", body="", status=Post.Status.HELD
    )
    assert titles("라인") == []
    moderation.approve(actor=admin, target=held)
    assert titles("라인") == ["라인 보류 글"]


def test_a_silent_ban_hides_the_writers_posts_and_the_lift_gives_them_back(written, writer, admin):
    ban = ban_author(
        actor=admin,
        author_ref=author_ref_for(writer.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    assert Post.objects.get(pk=written.pk).status == Post.Status.SHADOWED
    assert titles("라인") == []
    assert titles("라인", viewer=viewer_of(writer)) == ["소프트뱅크 라인 지분 매각"]
    later, _ = submit.write_post(member=writer, board=written.board, title="라인 또 씀", body="")
    assert later.status == Post.Status.SHADOWED
    assert titles("라인") == []
    assert titles("라인", viewer=viewer_of(writer)) == ["라인 또 씀", "소프트뱅크 라인 지분 매각"]
    lift_ban(actor=admin, ban=ban)
    assert titles("라인") == ["라인 또 씀", "소프트뱅크 라인 지분 매각"]


def test_blinding_by_a_moderator_or_by_reports_takes_the_text_out(
    written, admin, make_member, board
):
    moderation.blind(actor=admin, target=written, reason="test")
    assert titles("라인") == []
    moderation.approve(actor=admin, target=written)
    assert titles("라인") == ["소프트뱅크 라인 지분 매각"]
    board.report_threshold = 2
    board.save()
    written.board = board
    for number in range(2):
        report(reporter=make_member(f"reporter{number}"), target=written, reason="spam")
    assert Post.objects.get(pk=written.pk).blinded
    assert titles("라인") == []


def test_comments_follow_their_writer_and_moderators(written, make_member, admin):
    commenter = make_member("commenter")
    comment, _ = submit.write_comment(member=commenter, post=written, body="라인 주가 급등")
    assert comment_bodies("주가") == ["라인 주가 급등"]
    submit.edit_comment(member=commenter, post=written, comment=comment, body="정부 발표 대기")
    assert comment_bodies("주가") == []
    assert comment_bodies("발표") == ["정부 발표 대기"]
    moderation.blind(actor=admin, target=comment, reason="test")
    assert comment_bodies("발표") == []
    moderation.approve(actor=admin, target=comment)
    assert comment_bodies("발표") == ["정부 발표 대기"]
    moderation.hide(actor=admin, target=comment, reason="test")
    assert comment_bodies("발표") == []
    other, _ = submit.write_comment(member=commenter, post=written, body="발표 봤어요")
    submit.delete_comment(comment=other)
    assert comment_bodies("발표") == []


def test_a_silent_ban_hides_comments_and_the_lift_gives_them_back(written, make_member, admin):
    commenter = make_member("commenter")
    submit.write_comment(member=commenter, post=written, body="라인 주가 급등")
    ban = ban_author(
        actor=admin,
        author_ref=author_ref_for(commenter.pk),
        board=written.board,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    assert comment_bodies("주가") == []
    assert comment_bodies("주가", viewer=viewer_of(commenter)) == ["라인 주가 급등"]
    lift_ban(actor=admin, ban=ban)
    assert comment_bodies("주가") == ["라인 주가 급등"]


def test_comments_on_a_post_nobody_may_see_are_not_found(written, make_member, admin):
    submit.write_comment(member=make_member("commenter"), post=written, body="주가 급등")
    moderation.hide(actor=admin, target=written, reason="test")
    assert comment_bodies("주가") == []


def test_a_write_that_fails_leaves_no_entry(written, make_member):
    submit.delete_post(post=written)
    with pytest.raises(CommentRefused):
        submit.write_comment(member=make_member("late"), post=written, body="늦은 댓글")
    assert not CommentEntry.objects.exists()
    assert not Comment.objects.exists()


def test_an_index_that_fails_rolls_the_write_back(board, writer, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the index is away")

    monkeypatch.setattr(engine, "store_posts", broken)
    with pytest.raises(RuntimeError):
        submit.write_post(member=writer, board=board, title="남지 않을 글", body="")
    assert not Post.objects.filter(title="남지 않을 글").exists()


def test_a_post_deleted_from_the_database_takes_its_entries_and_terms(written, make_member):
    submit.write_comment(member=make_member("commenter"), post=written, body="라인 주가")
    Comment.objects.filter(post=written).delete()
    Post.objects.filter(pk=written.pk).delete()
    assert not PostEntry.objects.exists()
    assert not CommentEntry.objects.exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in engine.FTS.values():
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
                assert cursor.fetchone()[0] == 0


def test_guests_and_members_find_the_same_published_posts(written, make_member):
    assert titles("라인", viewer=GUEST) == titles("라인", viewer=viewer_of(make_member("reader")))
