"""end_expired_bans: a ban whose time ran out gives back what it hid, once, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.boards import paging
from madang.boards.models import Board, Category, PageAnchor, Post
from madang.comments.counters import repair_all_counters
from madang.comments.models import Comment
from madang.core.scheduler import default_jobs
from madang.moderation.bans import ban_author, end_expired_bans, lift_ban
from madang.moderation.models import AuditEvent, Ban


class Clock:
    """``timezone.now`` as the test sets it: a day can pass without waiting for it."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    moved = Clock()
    monkeypatch.setattr(timezone, "now", moved)
    return moved


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def troll(make_member):
    return make_member("troll")


def ban(admin, troll, *, board: Board | None, kind=Ban.Kind.SILENT, days: int | None = 1) -> Ban:
    return ban_author(
        actor=admin,
        author_ref=author_ref_for(troll.pk),
        board=board,
        kind=kind,
        reason="도배",
        days=days,
    )


@pytest.fixture
def scene(clock, monkeypatch, board, make_post, make_comment, make_member, troll):
    """Nine posts on the square, four of them the troll's, and the troll's comments."""
    monkeypatch.setattr(paging, "ANCHOR_SPACING", 2)  # anchors even on a short list
    other = make_member("neighbour")
    issue, news, _humour = board.categories.all()
    posts = []
    for number in range(9):
        clock.move(minutes=1)
        author = troll if number in (1, 4, 5, 7) else other
        posts.append(
            make_post(
                board, title=f"글 {number}", author=author, category=(issue, news)[number % 2]
            )
        )
    make_comment(posts[0], body="이웃 댓글", author=other)
    make_comment(posts[0], body="트롤 댓글", author=troll)
    make_comment(posts[2], body="또 트롤 댓글", author=troll)
    return posts


def counters() -> tuple[object, ...]:
    """Every stored count, as a comparable value."""
    return (
        sorted(Board.objects.values_list("pk", "post_count")),
        sorted(Category.objects.values_list("pk", "post_count")),
        sorted(Post.objects.values_list("pk", "comment_count")),
    )


def assert_counters_true() -> None:
    """The counts are what ``madang repair_counters`` would make them, and every page
    anchor holds the true rank of its post, counted from the oldest in its scope."""
    for anchor in PageAnchor.objects.all():
        listed = Post.objects.filter(board_id=anchor.board_id, status=Post.Status.PUBLISHED)
        if anchor.scope:
            listed = listed.filter(category_id=anchor.scope)
        assert listed.filter(number=anchor.number).exists()
        assert listed.filter(number__lte=anchor.number).count() == anchor.rank
    stored = counters()
    repair_all_counters()
    assert stored == counters()


def titles(client: Client) -> list[str]:
    page = BeautifulSoup(client.get("/square/").content.decode(), "html.parser")
    return [a.get_text() for a in page.select("tbody.rows a.title")]


def statuses() -> tuple[set[str], set[str]]:
    return (
        set(
            Post.objects.filter(title__in=["글 1", "글 4", "글 5", "글 7"]).values_list(
                "status", flat=True
            )
        ),
        set(Comment.objects.filter(body__contains="트롤").values_list("status", flat=True)),
    )


def test_a_one_day_silent_ban_gives_back_posts_and_comments_when_it_runs_out(
    clock, scene, admin, troll, board, make_member, django_capture_on_commit_callbacks
):
    made = ban(admin, troll, board=board)
    assert statuses() == ({"shadowed"}, {"shadowed"})
    assert_counters_true()
    guest, reader = Client(), Client()
    reader.force_login(make_member("reader"))
    assert "글 1" not in titles(guest) and "글 1" not in titles(reader)  # both now cached

    clock.move(hours=23, minutes=59)
    with django_capture_on_commit_callbacks(execute=True):
        assert end_expired_bans() == 0
    assert statuses() == ({"shadowed"}, {"shadowed"})

    clock.move(minutes=2)
    with django_capture_on_commit_callbacks(execute=True):
        assert end_expired_bans() == 1
    assert statuses() == ({"published"}, {"published"})
    assert PageAnchor.objects.filter(board=board).count() > 3
    assert_counters_true()
    assert Board.objects.get(pk=board.pk).post_count == 9
    assert Post.objects.get(title="글 0").comment_count == 2
    expected = [f"글 {number}" for number in reversed(range(9))]
    assert titles(guest) == expected and titles(reader) == expected
    made.refresh_from_db()
    assert made.ended_at == clock.now and made.lifted_at is None
    event = AuditEvent.objects.get(action="end_ban")
    assert (event.actor_id, event.actor_name, event.target_type, event.target_id) == (
        0,
        "madang",
        "ban",
        made.pk,
    )
    assert event.board_id == board.pk
    assert troll.username not in str(event.__dict__)


def test_writing_stays_hidden_while_another_silent_ban_is_in_force(
    clock, scene, admin, troll, board
):
    ban(admin, troll, board=board, days=1)
    ban(admin, troll, board=None, days=7)
    clock.move(days=1, minutes=1)
    assert end_expired_bans() == 1
    assert statuses() == ({"shadowed"}, {"shadowed"})
    assert_counters_true()
    clock.move(days=6)
    assert end_expired_bans() == 1
    assert statuses() == ({"published"}, {"published"})
    assert_counters_true()


def test_a_site_wide_ban_that_ends_leaves_a_board_ban_in_force(
    clock, scene, admin, troll, board, make_board, make_post
):
    elsewhere = make_post(make_board("other"), title="다른 곳의 글", author=troll)
    ban(admin, troll, board=None, days=1)
    ban(admin, troll, board=board, days=None)
    clock.move(days=1, minutes=1)
    assert end_expired_bans() == 1
    assert statuses() == ({"shadowed"}, {"shadowed"})
    assert Post.objects.get(pk=elsewhere.pk).status == Post.Status.PUBLISHED
    assert_counters_true()


def test_an_expired_visible_ban_lets_the_member_write_and_is_ended_too(clock, admin, troll, board):
    made = ban(admin, troll, board=board, kind=Ban.Kind.VISIBLE, days=1)
    client = Client()
    client.force_login(troll)
    category = board.categories.first()
    form = {"title": "다시 쓰는 글", "body": "", "category": category.pk}
    assert client.post("/square/write", form).status_code == 403
    clock.move(days=1, seconds=1)
    assert client.post("/square/write", form).status_code == 302  # no longer refused
    assert end_expired_bans() == 1
    made.refresh_from_db()
    assert made.ended_at == clock.now
    assert AuditEvent.objects.filter(action="end_ban", target_id=made.pk).count() == 1


def test_each_ban_ends_once_and_only_when_its_time_ran_out(clock, admin, troll, board):
    ran_out = ban(admin, troll, board=board, days=1)
    permanent = ban(admin, troll, board=None, days=None)
    longer = ban(admin, troll, board=board, kind=Ban.Kind.VISIBLE, days=3)
    lifted = ban(admin, troll, board=board, kind=Ban.Kind.VISIBLE, days=1)
    lift_ban(actor=admin, ban=lifted)
    clock.move(days=2)
    assert end_expired_bans() == 1
    assert end_expired_bans() == 0
    ended = set(Ban.objects.filter(ended_at__isnull=False).values_list("pk", flat=True))
    assert ended == {ran_out.pk}
    assert {permanent.pk, longer.pk, lifted.pk}.isdisjoint(ended)
    assert AuditEvent.objects.filter(action="end_ban").count() == 1


def test_an_ended_ban_is_no_longer_listed_or_lifted(clock, client, admin, troll, board):
    made = ban(admin, troll, board=board, days=1)
    clock.move(days=2)
    end_expired_bans()
    client.force_login(admin)
    assert "도배" not in client.get("/mod/bans/").content.decode()
    assert client.post(f"/mod/bans/{made.pk}/lift").status_code == 404
    assert not AuditEvent.objects.filter(action="lift_ban").exists()


def test_the_worker_runs_the_job_every_minute(db):
    job = next(job for job in default_jobs() if job.name == "end-expired-bans")
    assert job.every == timedelta(minutes=1)
    assert job.run() == 0
