"""Bans, silent and visible, site-wide or per board.

A silent ban is invisible to the banned member: their writing goes on as usual
for them and reaches nobody else (status SHADOWED). A visible ban tells them
why and until when, and stops their writing. Either way they can still log in,
delete their own writing and leave.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import set_post_status
from madang.boards.models import Board, Post
from madang.comments.actions import set_comment_status
from madang.comments.models import Comment
from madang.core import pagecache
from madang.moderation.audit import record
from madang.moderation.models import AuditEvent, Ban, Reason
from madang.moderation.permissions import check_ban_permission

log = logging.getLogger(__name__)
GENERATION = "bans"  # a pagecache generation: new whenever a ban is made, changed or lifted


@dataclass(frozen=True)
class BanState:
    silent: Ban | None
    visible: Ban | None


def _active(author_ref: str, board: Board | int | None) -> list[Ban]:
    now = timezone.now()
    scope = Q(board__isnull=True)
    if board is not None:
        scope |= Q(board_id=board if isinstance(board, int) else board.pk)
    return list(
        Ban.objects.filter(scope, author_ref=author_ref, lifted_at__isnull=True)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .order_by("-created_at")
    )


def ban_state(author_ref: str, board: Board | int | None) -> BanState:
    return _state(_active(author_ref, board))


def _state(bans: Iterable[Ban]) -> BanState:
    """The newest silent and the newest visible ban among ``bans`` (newest first)."""
    bans = list(bans)
    silent = next((ban for ban in bans if ban.kind == Ban.Kind.SILENT), None)
    visible = next((ban for ban in bans if ban.kind == Ban.Kind.VISIBLE), None)
    return BanState(silent, visible)


def ban_state_of(member: Member, board: Board | int | None) -> BanState:
    return ban_state(author_ref_for(member.pk), board)


class _BansInForce:
    """Every ban in force, kept in the process and loaded again under a new generation.

    Each write is screened against the writer's bans; reading them from the
    database cost a query per write, for a table that changes a few times a
    day. A change drops this process's copy at once and, on commit, the others'
    within a second (the generation is read through pagecache's memo).
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation: str | None = None
        self.by_author: dict[str, tuple[Ban, ...]] = {}

    def of(self, author_ref: str) -> tuple[Ban, ...]:
        generation = pagecache.stamp(GENERATION)
        with self.lock:
            if generation == self.generation:
                return self.by_author.get(author_ref, ())
        by_author: dict[str, list[Ban]] = {}
        in_force = Ban.objects.filter(lifted_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=timezone.now())
        )
        for ban in in_force.order_by("-created_at"):
            by_author.setdefault(ban.author_ref, []).append(ban)
        with self.lock:
            self.generation = generation
            self.by_author = {ref: tuple(bans) for ref, bans in by_author.items()}
            return self.by_author.get(author_ref, ())

    def drop(self) -> None:
        with self.lock:
            self.generation = None


_in_force = _BansInForce()


def screening_ban_state(author_ref: str, board: Board) -> BanState:
    """``ban_state`` for screening a write: from the process's copy of the bans, or from
    the database when the cache that says whether that copy is current is away."""
    try:
        bans = _in_force.of(author_ref)
    except Exception as error:
        log.warning("bans read from the database: %s", type(error).__name__)
        return ban_state(author_ref, board)
    now = timezone.now()
    return _state(
        ban
        for ban in bans
        if ban.board_id in (None, board.pk) and (ban.ends_at is None or ban.ends_at > now)
    )


def bans_changed(**_kwargs: object) -> None:
    """Connected to Ban's save and delete: every process loads the bans again."""
    _in_force.drop()
    pagecache.touch(GENERATION)
    transaction.on_commit(_in_force.drop)


def ban_author(
    *,
    actor: Member | None,
    author_ref: str,
    board: Board | None,
    kind: Ban.Kind,
    reason: str,
    days: int | None,
    target_label: str = "",
    reason_code: str = Reason.TYPED,
) -> Ban:
    """Ban the author behind a reference. ``actor`` None means a banned word did it.
    ``reason`` is what the moderator typed, or the argument of ``reason_code``."""
    if actor is not None:
        check_ban_permission(actor, board)
    ends_at: datetime | None = timezone.now() + timedelta(days=days) if days else None
    with transaction.atomic():
        record(
            actor=actor,
            action=AuditEvent.Action.BAN,
            target_type="author",
            target_id=0,
            board=board,
            target_label=target_label or (board.slug if board else "*"),
            reason=reason,
            reason_code=reason_code,
            details={"ban_kind": str(kind)},
        )
        ban = Ban.objects.create(
            author_ref=author_ref,
            board=board,
            kind=kind,
            reason=reason,
            reason_code=reason_code,
            ends_at=ends_at,
        )
        if kind == Ban.Kind.SILENT:
            _shadow_writing(author_ref, board)
    return ban


def lift_ban(*, actor: Member, ban: Ban) -> Ban:
    """End a ban before its time. One already lifted or ended is left as it is."""
    check_ban_permission(actor, ban.board)
    with transaction.atomic():
        if not _lock_in_force(ban):
            return ban
        record(
            actor=actor,
            action=AuditEvent.Action.LIFT_BAN,
            target_type="ban",
            target_id=ban.pk,
            board=ban.board_id,
            target_label=ban.board.slug if ban.board else "*",
            reason=ban.reason,
            reason_code=ban.reason_code,
            details={"ban_kind": ban.kind},
        )
        ban.lifted_at = timezone.now()
        ban.save(update_fields=["lifted_at"])
        _restore_after(ban)
    return ban


def end_expired_bans() -> int:
    """End every ban whose time ran out, as the site (actor 0): each one audited, and
    what a silent one hid given back unless another silent ban still covers it.
    Run every minute by the worker; returns how many bans it ended."""
    due = Ban.objects.filter(
        lifted_at__isnull=True, ended_at__isnull=True, ends_at__lte=timezone.now()
    )
    ended = 0
    for ban in due.select_related("board").order_by("ends_at", "pk"):
        with transaction.atomic():
            if not _lock_in_force(ban):
                continue  # lifted, or ended by another worker, meanwhile
            record(
                actor=None,
                action=AuditEvent.Action.END_BAN,
                target_type="ban",
                target_id=ban.pk,
                board=ban.board_id,
                target_label=ban.board.slug if ban.board else "*",
                reason=ban.reason,
                reason_code=ban.reason_code,
                details={"ban_kind": ban.kind},
            )
            ban.ended_at = timezone.now()
            ban.save(update_fields=["ended_at"])
            _restore_after(ban)
        ended += 1
    return ended


def _lock_in_force(ban: Ban) -> bool:
    """Lock the ban's row; False when it was lifted or ended meanwhile."""
    current = Ban.objects.select_for_update().filter(pk=ban.pk).values("lifted_at", "ended_at")
    found = current.first()
    return found is not None and found["lifted_at"] is None and found["ended_at"] is None


def _restore_after(ban: Ban) -> None:
    """Publish again what a silent ban that is no longer in force shadowed."""
    if ban.kind == Ban.Kind.SILENT and not ban_state(ban.author_ref, ban.board).silent:
        _restore_writing(ban.author_ref, ban.board)


def _scoped(queryset, board: Board | None, field: str):  # type: ignore[no-untyped-def]
    return queryset if board is None else queryset.filter(**{field: board})


def _shadow_writing(author_ref: str, board: Board | None) -> None:
    posts = _scoped(
        Post.objects.filter(author_ref=author_ref, status=Post.Status.PUBLISHED), board, "board"
    )
    for post in posts.select_related("board"):
        set_post_status(post=post, status=Post.Status.SHADOWED)
    comments = _scoped(
        Comment.objects.filter(author_ref=author_ref, status=Comment.Status.PUBLISHED),
        board,
        "post__board",
    )
    for comment in comments:
        set_comment_status(comment=comment, status=Comment.Status.SHADOWED)


def _restore_writing(author_ref: str, board: Board | None) -> None:
    posts = _scoped(
        Post.objects.filter(author_ref=author_ref, status=Post.Status.SHADOWED), board, "board"
    )
    for post in posts.select_related("board"):
        if not ban_state(author_ref, post.board_id).silent:
            set_post_status(post=post, status=Post.Status.PUBLISHED)
    comments = _scoped(
        Comment.objects.filter(author_ref=author_ref, status=Comment.Status.SHADOWED),
        board,
        "post__board",
    )
    for comment in comments.select_related("post"):
        if not ban_state(author_ref, comment.post.board_id).silent:
            set_comment_status(comment=comment, status=Comment.Status.PUBLISHED)
