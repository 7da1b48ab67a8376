"""The newest matches, whichever way they are found (search/newest.py): the walk down
the newest entries, the walk widened, the index read whole. All give the same rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from madang.boards.models import Post
from madang.boards.visibility import GUEST
from madang.search import engine, newest, searching
from madang.search.query import parse


@pytest.fixture
def many(board, make_post, make_member):
    """Forty posts, newest last; every third about 라면, every fifth hidden from readers."""
    start = timezone.now() - timedelta(days=2)
    for index in range(40):
        make_post(
            board,
            title=f"{'라면' if index % 3 == 0 else '국수'} 후기 {index}",
            created_at=start + timedelta(minutes=index),
            status=Post.Status.HIDDEN if index % 5 == 0 else Post.Status.PUBLISHED,
        )
    return board


def newest_titles(board, words: str, limit: int) -> list[str]:
    query = parse(words)
    scope = searching.Scope([board])
    matching, _ = searching._matching(query, scope, "title_body", "default")
    visible = searching._visible(GUEST, scope, comments=False)
    ids = newest.newest(
        matching,
        visible,
        kind=engine.POSTS,
        query=query,
        board_ids=[board.pk],
        rows=board.post_count,
        limit=limit,
        using="default",
    )
    by_id = dict(Post.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [by_id[pk] for pk in ids]


EXPECTED = ["라면 후기 39", "라면 후기 36", "라면 후기 33", "라면 후기 27"]  # 30 is hidden


@pytest.mark.parametrize(
    ("share", "walk_min", "bitmap_rows"),
    [
        (1.0, 2, 0),  # a walk, widened by the share of matches it met
        (1.0, 40, 0),  # a walk over every entry at once
        (0.0, 2, 10**6),  # the index read whole
        (1.0, 2, 10**6),  # a walk too short, then the index
    ],
)
def test_every_way_finds_the_same_newest_matches(many, monkeypatch, share, walk_min, bitmap_rows):
    monkeypatch.setattr(engine, "upper_share", lambda *args: share)
    monkeypatch.setattr(newest, "WALK_MIN", walk_min)
    monkeypatch.setattr(newest, "BITMAP_ROWS", bitmap_rows)
    assert newest_titles(many, "라면", 4) == EXPECTED
    assert len(newest_titles(many, "라면", 100)) == 11  # 14 about 라면, 3 of them hidden
    assert newest_titles(many, "라면 짬뽕", 4) == []


@pytest.mark.postgres
def test_the_bound_comes_from_the_statistics(many):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_postentry")
    engine.forget_term_shares()
    assert engine.upper_share(engine.POSTS, parse("라면"), "default") == pytest.approx(14 / 40)
    assert engine.upper_share(engine.POSTS, parse("후기"), "default") == pytest.approx(1.0)
    rare = engine.upper_share(engine.POSTS, parse("짬뽕"), "default")
    assert rare < 0.01
    assert engine.upper_share(engine.POSTS, parse("라면 짬뽕"), "default") == rare
    engine.forget_term_shares()


def test_a_short_window_without_the_word_walks_further_before_reading_them_all(
    many, make_post, monkeypatch
):
    """The newest posts of the boards may all lack the word (a quiet board's burst beside
    a busy one): a longer walk finds the matches, without reading every match through
    the index and sorting them."""
    for index in range(6):
        make_post(many, title=f"국수 새 글 {index}", created_at=timezone.now())
    monkeypatch.setattr(engine, "upper_share", lambda *args: 1.0)
    monkeypatch.setattr(newest, "WALK_MIN", 2)
    monkeypatch.setattr(newest, "WALK_MAX", 30)
    monkeypatch.setattr(newest, "BITMAP_ROWS", 10)
    reads = []
    planner = engine.planner

    def recording(using, **switches):
        reads.append(switches)
        return planner(using, **switches)

    monkeypatch.setattr(engine, "planner", recording)
    assert newest_titles(many, "라면", 4) == EXPECTED
    assert {"indexscan": False, "seqscan": False} not in reads  # never the whole index
