"""Every write to boards, categories, posts and notices goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import paging
from madang.boards.models import Board, Category, Notice, NoticeKind, Post
from madang.core.sanitize import sanitize_html


def create_board(
    *, slug: str, name: str, description: str = "", order: int = 0, comments_per_page: int = 100
) -> Board:
    board = Board(
        slug=slug,
        name=name,
        description=description,
        order=order,
        comments_per_page=comments_per_page,
    )
    board.full_clean()
    board.save()
    return board


def create_category(
    *, board: Board, slug: str, name: str, order: int = 0, requires_source: bool = False
) -> Category:
    category = Category(
        board=board, slug=slug, name=name, order=order, requires_source=requires_source
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
) -> Post:
    """Publish a post under the next number of its board.

    The board row is locked while the number is taken, so two writers never
    get the same number, and a number given out is never given again.
    """
    if category is not None and category.board_id != board.pk:
        raise ValueError("the category belongs to another board")
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
            body_html=sanitize_html(body),
            source_url=source_url.strip(),
            author_ref=author_ref_for(author.pk),
            created_at=created_at or timezone.now(),
        )
        post.full_clean(exclude=["board", "category"])
        post.save()
        Board.objects.filter(pk=board.pk).update(
            last_number=post.number, post_count=F("post_count") + 1
        )
        counts = {0: locked.post_count + 1}
        if category is not None:
            Category.objects.filter(pk=category.pk).update(post_count=F("post_count") + 1)
            counts[category.pk] = Category.objects.values_list("post_count", flat=True).get(
                pk=category.pk
            )
        paging.note_post_created(post, counts=counts)
    board.last_number = post.number
    board.post_count = locked.post_count + 1
    return post


def set_post_status(*, post: Post, status: Post.Status) -> Post:
    """Move a post between published, held, hidden and deleted, keeping counts and pages true."""
    with transaction.atomic():
        Board.objects.select_for_update().only("pk").get(pk=post.board_id)
        current = Post.objects.select_for_update().get(pk=post.pk)
        was_listed = current.status == Post.Status.PUBLISHED
        listed = status == Post.Status.PUBLISHED
        Post.objects.filter(pk=post.pk).update(status=status)
        post.status = status
        if was_listed == listed:
            return post
        step = 1 if listed else -1
        Board.objects.filter(pk=post.board_id).update(post_count=F("post_count") + step)
        if post.category_id is not None:
            Category.objects.filter(pk=post.category_id).update(post_count=F("post_count") + step)
        if listed:
            paging.note_post_restored(post)
        else:
            paging.note_post_withdrawn(post)
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
    return notice
