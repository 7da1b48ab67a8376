"""Drafts kept on the server while a member types (the browser keeps its own copy too)."""

from __future__ import annotations

from django.utils import timezone

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Board, Category, Draft, Post

MAX_DRAFT_BODY = 400_000


def save_draft(
    *,
    member: Member,
    board: Board,
    post: Post | None,
    title: str,
    body: str,
    category: Category | None,
    source_url: str,
) -> Draft:
    draft, _ = Draft.objects.update_or_create(
        owner_ref=author_ref_for(member.pk),
        board=board,
        post=post,
        defaults={
            "title": title[:300],
            "body": body[:MAX_DRAFT_BODY],
            "category": category if category and category.board_id == board.pk else None,
            "source_url": source_url[:2000],
            "updated_at": timezone.now(),
        },
    )
    return draft


def draft_for(*, member: Member, board: Board, post: Post | None) -> Draft | None:
    return Draft.objects.filter(owner_ref=author_ref_for(member.pk), board=board, post=post).first()


def discard_draft(*, member: Member, board: Board, post: Post | None) -> None:
    Draft.objects.filter(owner_ref=author_ref_for(member.pk), board=board, post=post).delete()
