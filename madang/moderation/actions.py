"""Staff actions. Each checks permission and writes its audit record before it takes effect."""

from __future__ import annotations

from django.db import transaction

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import paging
from madang.boards.actions import pin_notice, set_post_status
from madang.boards.models import Category, NoticeKind, Post
from madang.comments.actions import set_comment_status
from madang.comments.models import Comment
from madang.core import pagecache
from madang.moderation.audit import record
from madang.moderation.models import AuditEvent
from madang.moderation.permissions import check_moderate_permission, check_reveal_permission
from madang.moderation.reports import resolve_reports


class ReasonRequired(ValueError):
    """A staff action was asked for without a stated reason."""


def reveal_author(*, actor: Member, target: Post | Comment, reason: str) -> Member | None:
    """Who wrote ``target``, for staff, at the cost of a permanent audit record.

    The record (who asked, when, about what, why) is committed before the
    search starts, so no reveal happens without it; it never holds the answer.
    The search recomputes each member's reference: linear in the number of
    members, and impossible without the key that lives outside the database.
    """
    check_reveal_permission(actor)
    reason = reason.strip()
    if not reason:
        raise ReasonRequired("a reveal needs a reason")
    kind = "post" if isinstance(target, Post) else "comment"
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditEvent.Action.REVEAL_AUTHOR,
            target_type=kind,
            target_id=target.pk,
            board=_board_id_of(target),
            target_label=target_label(target),
            reason=reason,
        )
    for member_id in Member.objects.values_list("pk", flat=True).iterator(chunk_size=5000):
        if author_ref_for(member_id) == target.author_ref:
            return Member.objects.get(pk=member_id)
    return None


def target_label(target: Post | Comment, title: bool = False) -> str:
    """How a record names a post or a comment, in no language: its address (a comment's
    with its anchor on the post's page), and the post's title where asked."""
    if isinstance(target, Comment):
        return f"{target.post.get_absolute_url()}#c{target.pk}"
    address = str(target.get_absolute_url())
    return f"{address} {target.title}"[:300] if title else address


def _board_id_of(target: Post | Comment) -> int:
    return target.board_id if isinstance(target, Post) else target.post.board_id


def _audit(actor: Member, action: AuditEvent.Action, target: Post | Comment, reason: str) -> None:
    board_id = _board_id_of(target)
    check_moderate_permission(actor, board_id)
    record(
        actor=actor,
        action=action,
        target_type="post" if isinstance(target, Post) else "comment",
        target_id=target.pk,
        board=board_id,
        target_label=target_label(target, title=True),
        reason=reason,
    )


def approve(*, actor: Member, target: Post | Comment, reason: str = "") -> None:
    """Publish what was held, or unblind what reports had blinded."""
    with transaction.atomic():
        _audit(actor, AuditEvent.Action.APPROVE, target, reason)
        if isinstance(target, Post):
            if target.status == Post.Status.HELD:
                set_post_status(post=target, status=Post.Status.PUBLISHED)
            Post.objects.filter(pk=target.pk).update(blinded=False)
        else:
            if target.status == Comment.Status.HELD:
                set_comment_status(comment=target, status=Comment.Status.PUBLISHED)
            Comment.objects.filter(pk=target.pk).update(blinded=False)
        target.blinded = False
        pagecache.touch_board(_board_id_of(target))
        resolve_reports(target)


def blind(*, actor: Member, target: Post | Comment, reason: str = "") -> None:
    """Veil a post or comment where it stands (블라인드): its number and its place stay,
    readers see a placeholder instead of its title and body until a moderator
    approves it (``approve``), as when reports blind it."""
    with transaction.atomic():
        _audit(actor, AuditEvent.Action.BLIND, target, reason)
        type(target).objects.filter(pk=target.pk).update(blinded=True)
        target.blinded = True
        pagecache.touch_board(_board_id_of(target))


def _take_down(
    actor: Member, target: Post | Comment, action: AuditEvent.Action, status: str, reason: str
) -> None:
    with transaction.atomic():
        _audit(actor, action, target, reason)
        if isinstance(target, Post):
            set_post_status(post=target, status=Post.Status(status))
        else:
            set_comment_status(comment=target, status=Comment.Status(status))
        resolve_reports(target)


def hide(*, actor: Member, target: Post | Comment, reason: str = "") -> None:
    _take_down(actor, target, AuditEvent.Action.HIDE, "hidden", reason)


def remove(*, actor: Member, target: Post | Comment, reason: str = "") -> None:
    _take_down(actor, target, AuditEvent.Action.DELETE, "deleted", reason)


def move_category(
    *, actor: Member, post: Post, category: Category | None, reason: str = ""
) -> None:
    if category is not None and category.board_id != post.board_id:
        raise ValueError("the category belongs to another board")
    with transaction.atomic():
        _audit(actor, AuditEvent.Action.MOVE, post, reason or (category.name if category else "-"))
        current = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
        if current.category_id != (category.pk if category else None):
            if current.status == Post.Status.PUBLISHED:
                paging.note_category_change(current, category)
            Post.objects.filter(pk=post.pk).update(category=category)
            post.category = category
            pagecache.touch_board(post.board_id)


def lock_comments(*, actor: Member, post: Post, locked: bool, reason: str = "") -> None:
    action = AuditEvent.Action.LOCK if locked else AuditEvent.Action.UNLOCK
    with transaction.atomic():
        _audit(actor, action, post, reason)
        Post.objects.filter(pk=post.pk).update(comments_locked=locked)
        pagecache.touch_board(post.board_id)
        post.comments_locked = locked


def pin(*, actor: Member, post: Post, kind: NoticeKind, site_wide: bool, reason: str = "") -> None:
    if site_wide:
        check_reveal_permission(actor)  # site-wide notices are for site admins
    with transaction.atomic():
        _audit(actor, AuditEvent.Action.PIN, post, reason or kind.name)
        pin_notice(post=post, kind=kind, board=None if site_wide else post.board)
