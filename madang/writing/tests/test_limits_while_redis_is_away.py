"""While Redis is away, members still write, under stricter limits kept in the database;
login and password reset keep failing closed (their tests: accounts/tests)."""

from __future__ import annotations

import pytest

from madang.accounts import throttle
from madang.accounts.models import ThrottleCounter
from madang.boards import limits
from madang.comments.models import Comment


class RedisAway:
    """The cache as throttle sees it while Redis is down."""

    def __getattr__(self, name: str):
        def fail(*args, **kwargs):
            raise ConnectionError("Redis is away")

        return fail


@pytest.fixture
def redis_away(settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:6379/15"  # configured, but every call fails
    monkeypatch.setattr(throttle, "cache", RedisAway())


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="댓글 받을 글", author=make_member("poster"))


def test_members_comment_under_a_quarter_of_the_hourly_limit(
    client, make_member, board, post, redis_away, monkeypatch
):
    monkeypatch.setitem(limits.AWAY_GAPS, limits.Kind.COMMENT, 0)  # the gap has its own test
    board.comments_per_hour = 8  # two an hour while Redis is away
    board.save()
    client.force_login(make_member("writer"))
    for body in ("하나", "둘"):
        assert client.post("/square/1/comments", {"body": body}).status_code == 302
    response = client.post("/square/1/comments", {"body": "셋"})
    assert response.status_code == 429
    assert "댓글을 너무 자주 달았습니다" in response.content.decode()
    assert Comment.objects.filter(post=post).count() == 2
    names = {key.split(":")[1] for key in ThrottleCounter.objects.values_list("key", flat=True)}
    assert f"away-comments-member-{board.pk}" in names


def test_a_gap_of_ten_seconds_between_posts_while_away(client, make_member, board, redis_away):
    assert board.post_gap_seconds == 0  # the board asks for none
    client.force_login(make_member("writer"))
    data = {"body": "<div>본문</div>", "category": board.categories.first().pk}
    assert client.post("/square/write", {**data, "title": "첫 글"}).status_code == 302
    response = client.post("/square/write", {**data, "title": "바로 다음 글"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= limits.AWAY_GAPS[limits.Kind.POST]
    assert "글을 너무 빨리 이어서 올렸습니다." in response.content.decode()
    assert "바로 다음 글" in response.content.decode()


def test_the_stricter_limits(board):
    board.comments_per_hour, board.comment_gap_seconds = 60, 3
    pairs = limits.write_limits(limits.Kind.COMMENT, board, "ref", "1.2.3.4", "글", away=True)
    stricter = {limit.name.rsplit("-", 1)[0]: limit for limit, _value in pairs}
    assert stricter["away-comments-member"].count == 15
    assert stricter["away-comments-address"].count == 45
    assert stricter["away-comments-gap"].window == limits.AWAY_GAPS[limits.Kind.COMMENT]
    assert stricter["away-comments-repeat"].window == limits.REPEAT_WINDOW
