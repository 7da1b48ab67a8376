"""Silent bans hide a member's writing from everyone else, everywhere, but not from them."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Board, Post
from madang.comments.actions import create_comment
from madang.comments.models import Comment
from madang.moderation.bans import ban_author, ban_state_of, lift_ban
from madang.moderation.models import AuditEvent, Ban


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def troll(make_member):
    return make_member("troll")


@pytest.fixture
def scene(board, make_post, make_member, troll, admin):
    """Two ordinary posts, a troll's post, and comments around them; then a silent ban."""
    other = make_member("neighbour")
    first = make_post(board, title="평범한 글", author=other)
    trolled = make_post(board, title="트롤의 글", author=troll)
    last = make_post(board, title="또 평범한 글", author=other)
    create_comment(post=first, author=other, body="첫 댓글")
    create_comment(post=first, author=troll, body="트롤 댓글")
    create_comment(post=first, author=other, body="셋째 댓글")
    ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
        target_label=trolled.get_absolute_url(),
    )
    return {"first": first, "trolled": trolled, "last": last, "other": other}


def titles(client: Client, url: str = "/square/") -> list[str]:
    return [a.get_text() for a in parse(client.get(url)).select("tbody.rows a.title")]


def test_a_silent_ban_hides_the_post_from_everyone_but_its_author(
    client, scene, troll, make_member
):
    assert titles(client) == ["또 평범한 글", "평범한 글"]
    assert client.get(scene["trolled"].get_absolute_url()).status_code == 404
    reader = Client()
    reader.force_login(make_member())
    assert "트롤의 글" not in titles(reader)
    assert reader.get(scene["trolled"].get_absolute_url()).status_code == 404
    own = Client()
    own.force_login(troll)
    assert titles(own) == ["또 평범한 글", "트롤의 글", "평범한 글"]
    page = parse(own.get(scene["trolled"].get_absolute_url()))
    assert page.select_one("h1.post-title").get_text() == "트롤의 글"
    assert page.select(".banner") == []  # nothing tells the author


def test_counts_and_pages_leave_the_shadowed_post_out(client, scene, board):
    board.refresh_from_db()
    assert board.post_count == 2
    home = parse(client.get("/"))
    assert "트롤의 글" not in home.get_text()
    assert "글 2개 모두 보기" in home.get_text()


def test_comments_shown_before_the_ban_keep_their_numbers(client, scene, troll):
    """Others had seen "2번 댓글" before the ban: its number stays, as a deleted one's
    would, and "3번 댓글" still means the third comment. (Comments written under the
    ban never take a number: comments/tests/test_comment_numbers.py.)"""
    url = scene["first"].get_absolute_url()
    page = parse(client.get(url))
    assert [n.get_text() for n in page.select(".comment .comment-body")] == [
        "첫 댓글",
        "삭제된 댓글입니다.",
        "셋째 댓글",
    ]
    assert [n.get_text() for n in page.select(".comment .ordinal")] == ["1", "2", "3"]
    assert page.select_one("#comment-count").get_text() == "2"
    own = Client()
    own.force_login(troll)
    mine = parse(own.get(url))
    assert [n.get_text() for n in mine.select(".comment .comment-body")] == [
        "첫 댓글",
        "트롤 댓글",
        "셋째 댓글",
    ]
    assert [n.get_text() for n in mine.select(".comment .ordinal")] == ["1", "2", "3"]


def test_new_writing_of_a_silently_banned_member_stays_shadowed(client, scene, troll, board):
    own = Client()
    own.force_login(troll)
    category = board.categories.first()
    own.post("/square/write", {"title": "새 트롤 글", "body": "", "category": category.pk})
    post = Post.objects.get(title="새 트롤 글")
    assert post.status == Post.Status.SHADOWED
    assert own.get(post.get_absolute_url()).status_code == 200
    assert client.get(post.get_absolute_url()).status_code == 404
    own.post(scene["first"].get_absolute_url() + "/comments", {"body": "또 트롤 댓글"})
    assert Comment.objects.get(body="또 트롤 댓글").status == Comment.Status.SHADOWED
    assert "또 트롤 댓글" not in client.get(scene["first"].get_absolute_url()).content.decode()
    fresh = client.get(scene["first"].get_absolute_url() + "/comments?after=0").content.decode()
    assert "또 트롤 댓글" not in fresh


def test_lifting_the_ban_brings_the_writing_back(scene, troll, admin, board):
    ban = Ban.objects.get()
    lift_ban(actor=admin, ban=ban)
    assert Post.objects.get(pk=scene["trolled"].pk).status == Post.Status.PUBLISHED
    assert Comment.objects.get(body="트롤 댓글").status == Comment.Status.PUBLISHED
    board.refresh_from_db()
    assert board.post_count == 3
    assert not ban_state_of(troll, board).silent


def test_a_visible_ban_tells_the_reason_and_the_end(client, board, troll, admin):
    ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=board,
        kind=Ban.Kind.VISIBLE,
        reason="욕설",
        days=3,
    )
    client.force_login(troll)
    category = board.categories.first()
    response = client.post(
        "/square/write", {"title": "쓰고 싶은 글", "body": "", "category": category.pk}
    )
    assert response.status_code == 403
    text = parse(response).get_text(" ", strip=True)
    assert "활동이 정지되어 글을 쓸 수 없습니다. 사유: 욕설" in text
    assert parse(response).select_one("#id_title")["value"] == "쓰고 싶은 글"
    assert not Post.objects.exists()


def test_a_banned_member_can_still_delete_their_writing_and_leave(client, scene, troll):
    client.force_login(troll)
    assert client.post(scene["trolled"].get_absolute_url() + "/delete").status_code == 302
    assert Post.objects.get(pk=scene["trolled"].pk).status == Post.Status.DELETED
    troll.set_password("a quiet yard in autumn")
    troll.save()
    client.force_login(troll)
    assert client.post("/me/delete/", {"password": "a quiet yard in autumn"}).status_code == 302


def test_a_board_ban_stays_on_its_board(board, make_board, make_post, troll, admin):
    other = make_board("other")
    here = make_post(board, author=troll)
    there = make_post(other, author=troll)
    ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=board,
        kind=Ban.Kind.SILENT,
        reason="x",
        days=7,
    )
    assert Post.objects.get(pk=here.pk).status == Post.Status.SHADOWED
    assert Post.objects.get(pk=there.pk).status == Post.Status.PUBLISHED


def test_every_ban_is_audited_without_naming_the_member(scene, troll):
    event = AuditEvent.objects.get(action="ban")
    assert troll.username not in str(event.__dict__)
    assert event.actor_name == "site_admin"


def test_temporary_bans_end(board, troll, admin, make_post):
    from datetime import timedelta

    from django.utils import timezone

    ban = ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=board,
        kind=Ban.Kind.VISIBLE,
        reason="x",
        days=1,
    )
    Ban.objects.filter(pk=ban.pk).update(ends_at=timezone.now() - timedelta(minutes=1))
    assert ban_state_of(troll, board).visible is None


def test_only_site_admins_ban_everywhere(board, troll, make_member):
    from django.core.exceptions import PermissionDenied

    from madang.moderation.models import BoardModerator

    moderator = make_member("board_mod")
    BoardModerator.objects.create(board=board, member=moderator)
    ban_author(
        actor=moderator,
        author_ref=author_ref_for(troll.pk),
        board=board,
        kind=Ban.Kind.SILENT,
        reason="x",
        days=1,
    )
    with pytest.raises(PermissionDenied):
        ban_author(
            actor=moderator,
            author_ref=author_ref_for(troll.pk),
            board=None,
            kind=Ban.Kind.SILENT,
            reason="x",
            days=1,
        )
    other = Board.objects.create(slug="elsewhere", name="다른 곳")
    with pytest.raises(PermissionDenied):
        ban_author(
            actor=moderator,
            author_ref=author_ref_for(troll.pk),
            board=other,
            kind=Ban.Kind.SILENT,
            reason="x",
            days=1,
        )


def test_screening_reads_the_bans_from_the_process_copy_renewed_by_generation(
    board, troll, admin, django_capture_on_commit_callbacks, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from madang.core import pagecache
    from madang.moderation.bans import screening_ban_state

    ref = author_ref_for(troll.pk)
    assert screening_ban_state(ref, board).visible is None
    # Made here: this process screens with it at once.
    ban = ban_author(
        actor=admin, author_ref=ref, board=board, kind=Ban.Kind.VISIBLE, reason="욕설", days=1
    )
    assert screening_ban_state(ref, board).visible == ban
    # Made by another process (no signal here): seen once the generation says so.
    Ban.objects.bulk_create([Ban(author_ref=ref, board=None, kind=Ban.Kind.SILENT, reason="도배")])
    assert screening_ban_state(ref, board).silent is None
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.touch("bans")
    pagecache.forget_memos()  # the other processes' one-second memo, run out
    assert screening_ban_state(ref, board).silent is not None
    # A ban whose day is over ends then, with no change to the table.
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr("madang.moderation.bans.timezone.now", lambda: later)
    assert screening_ban_state(ref, board).visible is None
    monkeypatch.undo()
    # Lifted here: at once.
    assert screening_ban_state(ref, board).visible == ban
    lift_ban(actor=admin, ban=ban)
    assert screening_ban_state(ref, board).visible is None
