"""Reads of a post's comments: threads of one level, numbered as the reader sees them.

A thread is a top-level comment and its replies. The page shows the newest
threads; "댓글 더 보기" (``before``) loads older threads, "새 댓글 확인하기"
(``after``) the comments written since. The number beside a comment is its
place, by time, among the published comments of the post, so hidden or
deleted comments leave no gaps; a deleted comment that has replies stays as a
placeholder without a number.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from madang.boards.models import Post
from madang.comments.models import Comment


@dataclass
class CommentLine:
    comment: Comment
    ordinal: int | None  # None for a placeholder
    by_post_author: bool

    @property
    def is_placeholder(self) -> bool:
        return self.ordinal is None


@dataclass
class Thread:
    root: CommentLine
    replies: list[CommentLine] = field(default_factory=list)


@dataclass
class CommentWindow:
    threads: list[Thread]
    has_older: bool
    total: int  # published comments of the post
    newest_id: int  # the newest published comment id known, for the next "after"

    @property
    def oldest_thread_id(self) -> int | None:
        return self.threads[0].root.comment.pk if self.threads else None


@dataclass
class NewComments:
    """Comments written after a given one: new threads, and replies to threads already shown."""

    threads: list[Thread]
    replies: list[tuple[int, CommentLine]]  # (thread id, reply)
    total: int
    newest_id: int
    shown_from: int | None = None  # the oldest thread the reader now has


def _shown(viewer_ref: str | None) -> Q:
    """Published comments, and the reader's own ones that a silent ban keeps from others."""
    shown = Q(status=Comment.Status.PUBLISHED)
    if viewer_ref:
        own = (Comment.Status.SHADOWED, Comment.Status.HELD)
        shown |= Q(status__in=own, author_ref=viewer_ref)
    return shown


def visible_comments(post: Post, viewer_ref: str | None = None) -> QuerySet[Comment]:
    return Comment.objects.filter(_shown(viewer_ref), post=post)


def _published_pairs(post: Post, viewer_ref: str | None) -> list[tuple[int, int | None]]:
    return list(visible_comments(post, viewer_ref).order_by("id").values_list("id", "parent_id"))


SHOWN = (Comment.Status.PUBLISHED, Comment.Status.SHADOWED, Comment.Status.HELD)


def _lines(post: Post, rows: list[Comment], ordered_ids: list[int]) -> dict[int, CommentLine]:
    lines = {}
    for row in rows:
        published = row.status in SHOWN
        ordinal = bisect_left(ordered_ids, row.pk) + 1 if published else None
        lines[row.pk] = CommentLine(row, ordinal, published and row.author_ref == post.author_ref)
    return lines


LINE_FIELDS = (
    "id",
    "parent_id",
    "author_ref",
    "body",
    "status",
    "created_at",
    "edited_at",
    "blinded",
)


def _fetch(post: Post, thread_ids: list[int], viewer_ref: str | None) -> list[Comment]:
    """Roots of the threads (any status, for placeholders) and their shown replies."""
    rows = Comment.objects.filter(post=post).filter(
        Q(pk__in=thread_ids) | (Q(parent_id__in=thread_ids) & _shown(viewer_ref))
    )
    return list(rows.only(*LINE_FIELDS).order_by("id"))


def comment_window(
    post: Post, *, per_page: int, before: int | None = None, viewer_ref: str | None = None
) -> CommentWindow:
    """The newest ``per_page`` threads, or those older than the thread ``before``."""
    pairs = _published_pairs(post, viewer_ref)
    ordered_ids = [pk for pk, _ in pairs]
    thread_ids = sorted({parent or pk for pk, parent in pairs})
    if before is not None:
        thread_ids = [pk for pk in thread_ids if pk < before]
    has_older = len(thread_ids) > per_page
    page_threads = thread_ids[-per_page:]
    newest = ordered_ids[-1] if ordered_ids else 0
    if not page_threads:
        return CommentWindow([], has_older=False, total=len(ordered_ids), newest_id=newest)
    lines = _lines(post, _fetch(post, page_threads, viewer_ref), ordered_ids)
    threads = {pk: Thread(lines[pk]) for pk in page_threads if pk in lines}
    for line in lines.values():
        parent = line.comment.parent_id
        if parent is not None and parent in threads:
            threads[parent].replies.append(line)
    ordered = [threads[pk] for pk in page_threads if pk in threads]
    return CommentWindow(ordered, has_older=has_older, total=len(ordered_ids), newest_id=newest)


def comments_after(
    post: Post, *, after: int, shown_from: int | None, viewer_ref: str | None = None
) -> NewComments:
    """What was written after comment ``after``; replies only to threads from ``shown_from`` on."""
    pairs = _published_pairs(post, viewer_ref)
    ordered_ids = [pk for pk, _ in pairs]
    newest = ordered_ids[-1] if ordered_ids else after
    new_pairs = [(pk, parent) for pk, parent in pairs if pk > after]
    if not new_pairs:
        return NewComments([], [], len(ordered_ids), max(newest, after), shown_from)
    rows = list(
        visible_comments(post, viewer_ref).filter(pk__gt=after).only(*LINE_FIELDS).order_by("id")
    )
    lines = _lines(post, rows, ordered_ids)
    threads: dict[int, Thread] = {}
    replies: list[tuple[int, CommentLine]] = []
    for row in rows:
        line = lines[row.pk]
        if row.parent_id is None:
            threads[row.pk] = Thread(line)
        elif row.parent_id in threads:
            threads[row.parent_id].replies.append(line)
        elif shown_from is not None and row.parent_id >= shown_from:
            replies.append((row.parent_id, line))
    if shown_from is None and threads:
        shown_from = min(threads)  # the reader had no thread yet: these are now the oldest
    return NewComments(list(threads.values()), replies, len(ordered_ids), newest, shown_from)
