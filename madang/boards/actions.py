"""Every write to boards, categories, posts and notices goes through these functions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from madang.accounts.actions import record_client_trace
from madang.accounts.models import ClientTrace, Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import best, limits, overlays, paging, postmedia
from madang.boards.models import (
    Access,
    Board,
    Category,
    Draft,
    Notice,
    NoticeKind,
    Post,
    PostRevision,
)
from madang.core import pagecache


def create_board(
    *,
    slug: str,
    name: str,
    description: str = "",
    order: int = 0,
    comments_per_page: int = 100,
    read_access: str = Access.EVERYONE,
    post_access: str = Access.MEMBERS,
    comment_access: str = Access.MEMBERS,
    post_gap_seconds: int | None = None,
    comment_gap_seconds: int | None = None,
    votes: bool = True,
    downvotes: bool = False,
    **settings: Any,
) -> Board:
    """A new board. ``settings`` are any other of its settings by field name (the admin
    sets them all at once); its counters start at zero, and saving it makes every cached
    page new (``boards.apps``), so the home page lists it at once."""
    board = Board(
        **settings,
        slug=slug,
        name=name,
        description=description,
        order=order,
        comments_per_page=comments_per_page,
        read_access=read_access,
        post_access=post_access,
        comment_access=comment_access,
        votes=votes,
        downvotes=downvotes,
    )
    if post_gap_seconds is not None:
        board.post_gap_seconds = post_gap_seconds
    if comment_gap_seconds is not None:
        board.comment_gap_seconds = comment_gap_seconds
    board.full_clean()
    board.save()
    return board


def create_category(
    *,
    board: Board,
    slug: str,
    name: str,
    order: int = 0,
    requires_source: bool = False,
    hot_excluded: bool = False,
) -> Category:
    category = Category(
        board=board,
        slug=slug,
        name=name,
        order=order,
        requires_source=requires_source,
        hot_excluded=hot_excluded,
    )
    category.full_clean()
    category.save()
    return category


def create_post(
    *,
    board: Board,
    author: Member,
    title: str,
    body: str,
    category: Category | None = None,
    source_url: str = "",
    created_at: datetime | None = None,
    address: str | None = None,
    status: Post.Status = Post.Status.PUBLISHED,
    counts_against: limits.Counting | None = None,
    submission_key: str | None = None,
) -> Post:
    """Publish a post under the next number of its board.

    The board row is locked while the number is taken, so two writers never
    get the same number, and a number given out is never given again. The
    writer's draft goes in the same transaction; the client address, when
    given, is kept for abuse handling (raw for 48 hours, then hashed).
    ``counts_against`` are the write limits the post counts against, counted
    in the same transaction (on SQLite they are rows: one write, not two).
    """
    if category is not None and category.board_id != board.pk:
        raise ValueError("the category belongs to another board")
    author_ref = author_ref_for(author.pk)
    rendered = postmedia.render(body, author_ref)
    with transaction.atomic():
        locked = (
            Board.objects.select_for_update().only("last_number", "post_count").get(pk=board.pk)
        )
        post = Post(
            board=board,
            number=locked.last_number + 1,
            category=category,
            title=title.strip(),
            body_source=body,
            body_html=rendered.html,
            media_kinds=rendered.kinds,
            thumbnail=rendered.thumbnail,
            source_url=source_url.strip(),
            author_ref=author_ref,
            created_at=created_at or timezone.now(),
            status=status,
            submission_key=submission_key,
        )
        post.full_clean(exclude=["board", "category"], validate_unique=False)
        post.save()
        postmedia.hold(post, rendered)
        if counts_against:  # after the insert: a submission sent twice fails there, uncounted
            limits.count_write(counts_against)
        listed = status == Post.Status.PUBLISHED
        Board.objects.filter(pk=board.pk).update(
            last_number=post.number, post_count=F("post_count") + (1 if listed else 0)
        )
        if listed:
            counts = {0: locked.post_count + 1}
            if category is not None:
                Category.objects.filter(pk=category.pk).update(post_count=F("post_count") + 1)
                counts[category.pk] = Category.objects.values_list("post_count", flat=True).get(
                    pk=category.pk
                )
            paging.note_post_created(post, counts=counts)
        Draft.objects.filter(owner_ref=post.author_ref, board=board, post=None).delete()
        pagecache.touch_board(board.pk)
        if status == Post.Status.SHADOWED:
            overlays.forget(author_ref=post.author_ref)
        if address:
            record_client_trace(kind=ClientTrace.Kind.POST, object_id=post.pk, address=address)
    board.last_number = post.number
    board.post_count = locked.post_count + (1 if post.status == Post.Status.PUBLISHED else 0)
    return post


def edit_post(
    *,
    post: Post,
    title: str,
    body: str,
    category: Category | None,
    source_url: str = "",
    counts_against: limits.Counting | None = None,
    submission_key: str | None = None,
) -> Post:
    """Change a post, keeping what it was as a revision for moderators."""
    if category is not None and category.board_id != post.board_id:
        raise ValueError("the category belongs to another board")
    with transaction.atomic():
        if counts_against:
            limits.count_write(counts_against)
        current = (
            Post.objects.select_for_update(of=("self",)).select_related("category").get(pk=post.pk)
        )
        PostRevision.objects.create(
            post=current,
            title=current.title,
            body_source=current.body_source,
            category_name=current.category.name if current.category else "",
            source_url=current.source_url,
            written_at=current.edited_at or current.created_at,
        )
        post.title = title.strip()
        post.body_source = body
        rendered = postmedia.render(body, current.author_ref)
        post.body_html = rendered.html
        post.media_kinds = rendered.kinds
        post.thumbnail = rendered.thumbnail
        post.source_url = source_url.strip()
        post.edited_at = timezone.now()
        post.submission_key = submission_key
        post.full_clean(exclude=["board", "category"], validate_unique=False)
        moved = current.category_id != (category.pk if category else None)
        if moved and current.status == Post.Status.PUBLISHED:
            # Leaving one category's list and joining another's keeps their pages true.
            paging.note_category_change(current, category)
            best.note_category_change(current, category)
        post.category = category
        post.save(
            update_fields=[
                "title",
                "body_source",
                "body_html",
                "media_kinds",
                "thumbnail",
                "source_url",
                "edited_at",
                "category",
                "submission_key",
            ]
        )
        postmedia.hold(post, rendered)
        Draft.objects.filter(owner_ref=post.author_ref, post=post).delete()
        pagecache.touch_board(post.board_id)
    return post


def delete_post(*, post: Post) -> Post:
    """The writer removes their post; its number stays taken."""
    return set_post_status(post=post, status=Post.Status.DELETED)


def set_post_status(*, post: Post, status: Post.Status) -> Post:
    """Move a post between published, held, hidden and deleted, keeping counts and pages true."""
    with transaction.atomic():
        Board.objects.select_for_update().only("pk").get(pk=post.board_id)
        current = Post.objects.select_for_update().get(pk=post.pk)
        was_listed = current.status == Post.Status.PUBLISHED
        listed = status == Post.Status.PUBLISHED
        Post.objects.filter(pk=post.pk).update(status=status)
        post.status = status
        if status == Post.Status.DELETED and current.status != status:
            postmedia.release_all(post)  # removed after a grace period, unless restored
        elif current.status == Post.Status.DELETED and status != current.status:
            postmedia.hold_again(post)
        pagecache.touch_board(post.board_id)
        if Post.Status.SHADOWED in (current.status, status):
            overlays.forget(author_ref=current.author_ref)
        if was_listed == listed:
            return post
        step = 1 if listed else -1
        Board.objects.filter(pk=post.board_id).update(post_count=F("post_count") + step)
        if post.category_id is not None:
            Category.objects.filter(pk=post.category_id).update(post_count=F("post_count") + step)
        if listed:
            paging.note_post_restored(post)
            best.note_restored(current)
        else:
            paging.note_post_withdrawn(post)
            best.note_withdrawn(current)
    return post


def create_notice_kind(*, name: str, order: int = 0) -> NoticeKind:
    kind = NoticeKind(name=name, order=order)
    kind.full_clean()
    kind.save()
    return kind


def pin_notice(*, post: Post, kind: NoticeKind, board: Board | None, order: int = 0) -> Notice:
    """Pin a post above the list of ``board``, or of every board when ``board`` is None."""
    notice = Notice(post=post, kind=kind, board=board, order=order)
    notice.full_clean()
    notice.save()
    pagecache.touch_site()
    return notice
