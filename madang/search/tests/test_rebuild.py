"""`madang rebuild_search`: the index built anew in batches, as often as one likes."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.utils import timezone

from madang.boards.models import Post
from madang.search import engine, indexing
from madang.search.models import CommentEntry, PostEntry
from madang.search.tests.searching import comment_bodies, titles


def rebuild(*args: str) -> str:
    out = io.StringIO()
    call_command("rebuild_search", *args, stdout=out)
    return out.getvalue()


def fts_rows() -> int:
    if connection.vendor != "sqlite":
        return PostEntry.objects.count() + CommentEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM search_post_fts)"
            " + (SELECT count(*) FROM search_comment_fts)"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def written(board, make_board, make_post, make_comment, monkeypatch):
    monkeypatch.setattr(indexing, "BATCH", 2)  # several batches even here
    free = make_board("free")
    for index in range(5):
        make_comment(make_post(board, title=f"라인 소식 {index}"), body=f"정부 댓글 {index}")
    make_post(free, title="라인 자유")
    return free


def test_posts_written_around_the_actions_are_found_once_rebuilt(board, member):
    Post.objects.bulk_create(  # as `madang seed` loads them: no save(), no index
        [
            Post(
                board=board,
                number=1,
                title="라인 대량",
                author_ref="x" * 64,
                body_html="<p>정부</p>",
            ),
            Post(
                board=board,
                number=2,
                title="라인 또",
                author_ref="x" * 64,
                created_at=timezone.now(),
            ),
        ]
    )
    assert titles("라인") == []
    out = rebuild()
    assert titles("라인") == ["라인 또", "라인 대량"]
    assert "indexed 2 posts and 0 comments" in out


def test_rebuilding_twice_leaves_the_same_index(written):
    before = (PostEntry.objects.count(), CommentEntry.objects.count(), fts_rows())
    rebuild()
    rebuild()
    assert (PostEntry.objects.count(), CommentEntry.objects.count(), fts_rows()) == before
    assert len(titles("라인")) == 6
    assert len(comment_bodies("정부")) == 5


def test_a_lost_index_comes_back(written):
    PostEntry.objects.all().delete()
    CommentEntry.objects.all().delete()
    assert fts_rows() == 0  # the terms went with their entries
    assert titles("라인") == []
    out = rebuild()
    assert len(titles("라인")) == 6
    assert len(comment_bodies("정부")) == 5
    assert "posts    [" in out and "100.0%" in out


def test_one_board_only(written, board):
    PostEntry.objects.all().delete()
    rebuild("--board", "free")
    assert titles("라인") == ["라인 자유"]
    with pytest.raises(CommandError):
        rebuild("--board", "nowhere")


@pytest.mark.sqlite  # on PostgreSQL the terms are a column of the entry: no strays
def test_strays_are_dropped(written):
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_post_fts (rowid, t) VALUES (999999, '라인')")
    rebuild()
    assert fts_rows() == PostEntry.objects.count() + CommentEntry.objects.count()


def test_a_batch_that_meets_a_newer_edit_runs_again(written, monkeypatch):
    calls = []
    real = engine.store_posts

    class Conflict(Exception):
        sqlstate = "40001"

    def store(rows, using):
        calls.append(len(rows))
        if len(calls) == 1:
            raise OperationalError("could not serialize access") from Conflict()
        real(rows, using)

    monkeypatch.setattr(engine, "store_posts", store)
    rebuild()
    assert calls[0] == calls[1] == 2  # the first batch, twice
    assert len(titles("라인")) == 6
