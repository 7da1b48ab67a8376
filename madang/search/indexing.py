"""Keeping the index current, and building it anew (docs/search.md).

The index holds the text of every post and comment, whatever its status: who
may see a row is decided when someone searches, by the visibility rule on the
post and comment rows themselves. So only a change of text touches the index,
and every change of text is a ``save()`` of the post or the comment in its
action (``create_post``, ``edit_post``, ``create_comment``, ``edit_comment``):
the receivers below run inside that save, in the action's transaction, and a
failure rolls the write back with them. Hiding, deleting, restoring, banning
and blinding change no text and touch no entry; a search asks the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import OperationalError, router, transaction
from django.db.models import QuerySet

from madang.boards.models import Board, Post
from madang.comments.models import Comment
from madang.search import engine
from madang.search.engine import Row
from madang.search.text import document, html_text

POST_TEXT = frozenset({"title", "body_html"})
COMMENT_TEXT = frozenset({"body"})
BATCH = 2000


def post_saved(
    sender: type[Post], instance: Post, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    if update_fields is None or POST_TEXT & set(update_fields):
        index_posts([instance], using=kwargs.get("using") or router.db_for_write(Post))


def comment_saved(
    sender: type[Comment],
    instance: Comment,
    update_fields: Iterable[str] | None = None,
    **kwargs: Any,
) -> None:
    if update_fields is None or COMMENT_TEXT & set(update_fields):
        index_comments([instance], using=kwargs.get("using") or router.db_for_write(Comment))


def post_row(pk: int, board_id: int, created_at: datetime, title: str, body_html: str) -> Row:
    return Row(pk, board_id, created_at, document(title, html_text(body_html)))


def comment_row(pk: int, post_id: int, board_id: int, created_at: datetime, body: str) -> Row:
    return Row(pk, board_id, created_at, document("", body), post_id=post_id)


def index_posts(posts: Iterable[Post], using: str) -> None:
    engine.store_posts(
        [
            post_row(post.pk, post.board_id, post.created_at, post.title, post.body_html)
            for post in posts
        ],
        using,
    )


def index_comments(comments: Iterable[Comment], using: str) -> None:
    comments = list(comments)
    # A comment just written holds its post: its board needs no query on the busiest write.
    boards = {
        comment.post_id: comment.post.board_id
        for comment in comments
        if Comment.post.is_cached(comment)  # type: ignore[attr-defined]
    }
    unknown = {comment.post_id for comment in comments} - boards.keys()
    if unknown:
        boards.update(_boards_of(unknown, using))
    engine.store_comments(
        [comment_row(c.pk, c.post_id, boards[c.post_id], c.created_at, c.body) for c in comments],
        using,
    )


def _boards_of(post_ids: set[int], using: str) -> dict[int, int]:
    return dict(Post.objects.using(using).filter(pk__in=post_ids).values_list("pk", "board_id"))


# --- rebuilding --------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]  # kind, done, total
RETRIES = 5


def rebuild(
    *, board: Board | None = None, using: str = "default", progress: Progress | None = None
) -> dict[str, int]:
    """Index every post and comment (of one board) anew, in batches of BATCH rows.

    Entries are replaced where they stand, so searching goes on meanwhile and
    running it twice leaves the same index. Each batch reads its rows and writes
    their entries in one transaction: on SQLite it holds the write lock; on
    PostgreSQL it reads a snapshot (REPEATABLE READ), and an edit that changed
    an entry since makes the batch fail and run again, so that it never writes
    older text over newer. Returns how many posts and comments it indexed.
    """
    posts = Post.objects.using(using).order_by("pk")
    comments = Comment.objects.using(using).order_by("pk")
    if board is not None:
        posts = posts.filter(board=board)
        comments = comments.filter(post__board=board)

    def post_rows(found: list[tuple]) -> None:
        engine.store_posts([post_row(*row) for row in found], using)

    def comment_rows(found: list[tuple]) -> None:
        engine.store_comments([comment_row(*row) for row in found], using)

    done = {
        engine.POSTS: _in_batches(
            engine.POSTS,
            posts.values_list("pk", "board_id", "created_at", "title", "body_html"),
            post_rows,
            using,
            progress,
        ),
        engine.COMMENTS: _in_batches(
            engine.COMMENTS,
            comments.values_list("pk", "post_id", "post__board_id", "created_at", "body"),
            comment_rows,
            using,
            progress,
        ),
    }
    engine.after_rebuild(using)
    return done


def _in_batches(
    kind: str,
    rows: QuerySet[Any, tuple],
    store: Callable[[list[tuple]], None],
    using: str,
    progress: Progress | None,
) -> int:
    total = rows.count()
    done = last = 0
    while True:
        found = _batch(rows, last, store, using)
        if not found:
            return done
        last = found[-1][0]
        done += len(found)
        if progress:
            progress(kind, done, total)


def _batch(
    rows: QuerySet[Any, tuple], after: int, store: Callable[[list[tuple]], None], using: str
) -> list[tuple]:
    for attempt in range(RETRIES):
        try:
            with transaction.atomic(using=using):
                engine.read_snapshot(using)
                found = list(rows.filter(pk__gt=after)[:BATCH])
                store(found)
            return found
        except OperationalError as error:
            if not engine.is_conflict(error) or attempt == RETRIES - 1:
                raise
    return []  # not reached
