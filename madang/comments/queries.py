"""Reads of a post's comments: threads of one level, numbered as readers quote them.

A thread is a top-level comment and its replies. The page shows the newest
threads; "댓글 더 보기" (``before``) loads older threads, "새 댓글 확인하기"
(``after``) the comments written since.

The number beside a comment is stored when it is first published and never
changes, so "3번 댓글" means the same comment to everyone, for good. A comment
deleted or hidden later stays in its place as a placeholder with its number.

A silently banned writer's comments are never published, so they take no
number and leave no gap or placeholder that anyone else could notice. Their
writer sees them as if published: each one numbered after the last number
given before it (the next one's, two of them the next two). A number others
write later may show twice to that writer alone; numbers others quote always
mean the same comment to everyone. Held comments are shown to their writer in
the same way until a moderator publishes them, when they take the next number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When

from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.models import Post
from madang.boards.visibility import Viewer
from madang.comments.models import Comment
from madang.core.statements import Statement


@dataclass(slots=True)
class LineRow:
    """What a comment's line reads of its row (``LINE_FIELDS``), read as a tuple: a post's
    hundred lines cost no model instances."""

    pk: int
    parent_id: int | None
    author_ref: str
    body: str
    status: str
    created_at: datetime
    edited_at: datetime | None
    blinded: bool
    number: int | None
    picture_html: str


@dataclass
class CommentLine:
    comment: Comment | LineRow
    ordinal: int | None  # the number shown; None only for a placeholder that never had one
    by_post_author: bool
    placeholder: bool = False  # deleted or hidden: its place and number, not its text
    veiled: bool = False  # blinded by reports for this reader

    @property
    def is_placeholder(self) -> bool:
        return self.placeholder

    @property
    def kept_as(self) -> tuple[object, ...]:
        """All the line's render reads of its comment and its place: a line is kept by
        these (core/fragments.py), and a change to any of them makes a new line."""
        comment = self.comment
        return (
            *(comment.pk, comment.parent_id, comment.status, comment.blinded, comment.body),
            *(comment.created_at, comment.edited_at, comment.picture_html),
            *(self.ordinal, self.by_post_author, self.placeholder, self.veiled),
        )


@dataclass
class Thread:
    root: CommentLine
    replies: list[CommentLine] = field(default_factory=list)


@dataclass
class CommentWindow:
    threads: list[Thread]
    has_older: bool
    total: int  # comments the reader can read
    newest_id: int  # the newest readable comment id known, for the next "after"

    @property
    def kept_as(self) -> tuple[tuple[object, ...], ...]:
        """All the threads' render reads, line by line in order (``CommentLine.kept_as``):
        the whole list is kept by these, as each of its lines is."""
        return tuple(
            tuple(line.kept_as for line in (thread.root, *thread.replies))
            for thread in self.threads
        )

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


@dataclass(frozen=True)
class Entry:
    """One comment's place on the page: readable, or a numbered placeholder."""

    pk: int
    parent_id: int | None
    number: int | None
    readable: bool


def visible_comments(post: Post, viewer: Viewer = visibility.GUEST) -> QuerySet[Comment]:
    return Comment.objects.filter(visibility.shown_comments(viewer), post=post)


def placed_comments(post: Post, viewer: Viewer) -> QuerySet[Comment]:
    """Comments that take a place on this reader's page: those they may read, and the
    numbered ones they may not, which show there as placeholders."""
    return Comment.objects.filter(
        visibility.shown_comments(viewer) | Q(number__isnull=False), post=post
    )


LINE_FIELDS = (
    "id",
    "parent_id",
    "author_ref",
    "body",
    "status",
    "created_at",
    "edited_at",
    "blinded",
    "number",
    "picture_html",
)
PLACE_FIELDS = ("id", "parent_id", "number", "readable")


def _placed(post_id: int, author_ref: str | None = None) -> QuerySet[Comment]:
    """The comments that take a place on the page of a reader who is ``author_ref`` (None:
    a guest, or the render members share), oldest first, each marked readable or not."""
    viewer = visibility.GUEST if author_ref is None else Viewer(author_ref=author_ref)
    shown = visibility.shown_comments(viewer)
    return (
        Comment.objects.filter(shown | Q(number__isnull=False), post_id=post_id)
        .annotate(readable=Case(When(shown, then=Value(True)), default=Value(False)))
        .order_by("id")
    )


# Every page of a post runs one of these: compiled once (core/statements.py).
_PLACES = Statement(Comment, lambda *values: _placed(*values).values_list(*PLACE_FIELDS))
_LINES = Statement(Comment, lambda *values: _placed(*values).values_list(*LINE_FIELDS, "readable"))


def _entries(post: Post, viewer: Viewer, rows: dict[int, LineRow] | None = None) -> list[Entry]:
    """Every comment of the post that takes a place on this reader's page, oldest first,
    with the number this reader sees beside it. Given ``rows``, the comments' lines are
    read in the same query and kept there by id (for a post with few comments, where one
    query costs less than two)."""
    own = viewer.is_member and not viewer.is_shared
    values = (post.pk, viewer.author_ref) if own else (post.pk,)
    found = _PLACES.rows(*values) if rows is None else _kept(_LINES.rows(*values), rows)
    entries, last, pending = [], 0, 0
    for pk, parent_id, number, readable in found:
        if number is not None:
            last, pending = number, 0
        else:  # the writer's own comment that others do not see: numbered after the last
            pending += 1
            number = last + pending
        entries.append(Entry(pk, parent_id, number, bool(readable)))
    return entries


def _kept(
    found: list[tuple[Any, ...]], rows: dict[int, LineRow]
) -> Iterator[tuple[int, int | None, int | None, bool]]:
    for *fields, readable in found:
        row = LineRow(*fields)
        rows[row.pk] = row
        yield row.pk, row.parent_id, row.number, readable


def _lines(
    post: Post, rows: Sequence[Comment | LineRow], entries: dict[int, Entry], viewer: Viewer
) -> dict[int, CommentLine]:
    lines = {}
    for row in rows:
        entry = entries[row.pk]
        lines[row.pk] = CommentLine(
            row,
            entry.number,
            entry.readable and row.author_ref == post.author_ref,
            placeholder=not entry.readable,
            veiled=entry.readable and visibility.is_veiled(row, post.board_id, viewer),
        )
    return lines


def _fetch(post: Post, ids: list[int]) -> list[LineRow]:
    rows = Comment.objects.filter(post=post, pk__in=ids).order_by("id")
    return [LineRow(*fields) for fields in rows.values_list(*LINE_FIELDS)]


def comment_window(
    post: Post, *, per_page: int, before: int | None = None, viewer: Viewer = visibility.GUEST
) -> CommentWindow:
    """The newest ``per_page`` threads, or those older than the thread ``before``."""
    # Most posts show every comment they have: their lines come with their places.
    kept: dict[int, LineRow] | None = {} if post.comment_count <= per_page else None
    entries = _entries(post, viewer, kept)
    readable = [entry.pk for entry in entries if entry.readable]
    thread_ids = sorted({entry.parent_id or entry.pk for entry in entries})
    if before is not None:
        thread_ids = [pk for pk in thread_ids if pk < before]
    has_older = len(thread_ids) > per_page
    page_threads = set(thread_ids[-per_page:])
    newest = readable[-1] if readable else 0
    chosen = [entry for entry in entries if (entry.parent_id or entry.pk) in page_threads]
    if not chosen:
        return CommentWindow([], has_older=False, total=len(readable), newest_id=newest)
    by_pk = {entry.pk: entry for entry in chosen}
    rows = [kept[pk] for pk in sorted(by_pk)] if kept is not None else _fetch(post, list(by_pk))
    lines = _lines(post, rows, by_pk, viewer)
    threads: dict[int, Thread] = {}
    for entry in chosen:
        line = lines.get(entry.pk)
        if line is None:
            continue
        if entry.parent_id is None:
            threads[entry.pk] = Thread(line)
        elif entry.parent_id in threads:
            threads[entry.parent_id].replies.append(line)
    ordered = [threads[pk] for pk in sorted(threads)]
    return CommentWindow(ordered, has_older=has_older, total=len(readable), newest_id=newest)


def comments_after(
    post: Post, *, after: int, shown_from: int | None, viewer: Viewer = visibility.GUEST
) -> NewComments:
    """What was written after comment ``after``; replies only to threads from ``shown_from`` on."""
    entries = _entries(post, viewer)
    readable = [entry for entry in entries if entry.readable]
    newest = readable[-1].pk if readable else after
    new = [entry for entry in readable if entry.pk > after]
    if not new:
        return NewComments([], [], len(readable), max(newest, after), shown_from)
    by_pk = {entry.pk: entry for entry in new}
    rows = _fetch(post, list(by_pk))
    lines = _lines(post, rows, by_pk, viewer)
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
    return NewComments(list(threads.values()), replies, len(readable), newest, shown_from)


def comment_line(post: Post, comment: Comment, viewer: Viewer) -> CommentLine:
    """One comment as this reader sees it in the list (after an edit, a delete, a cancel)."""
    entries = {entry.pk: entry for entry in _entries(post, viewer)}
    entry = entries.get(comment.pk) or Entry(comment.pk, comment.parent_id, None, False)
    return _lines(post, [comment], {comment.pk: entry}, viewer)[comment.pk]


def commenter_refs(post: Post) -> QuerySet[Comment, str]:
    """The author references of everyone with a comment on the post, whatever its status."""
    return Comment.objects.filter(post=post).values_list("author_ref", flat=True).distinct()


def comments_of(member: Member) -> QuerySet[Comment]:
    """The member's own comments (/me/), by the rule of ``boards.queries.posts_of``."""
    return (
        visibility.own_writing(Comment.objects.all(), visibility.as_writer(member.pk))
        .select_related("post__board")
        .order_by("-created_at", "-id")
    )


def shown_own_comments(member: Member, comments: list[Comment]) -> list[Comment]:
    """The member's own comments, each with its post's title as the member may see it."""
    visibility.present([comment.post for comment in comments], visibility.as_writer(member.pk))
    return visibility.present_own(comments)
