"""Staff actions. Each writes its audit record before it takes effect."""

from __future__ import annotations

from django.db import transaction

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.models import AuditEvent
from madang.moderation.permissions import check_reveal_permission


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
    label = str(target.get_absolute_url()) if isinstance(target, Post) else f"comment {target.pk}"
    with transaction.atomic():
        AuditEvent.objects.create(
            actor_id=actor.pk,
            actor_name=actor.get_username(),
            action=AuditEvent.Action.REVEAL_AUTHOR,
            target_type=kind,
            target_id=target.pk,
            target_label=label[:300],
            reason=reason,
        )
    for member_id in Member.objects.values_list("pk", flat=True).iterator(chunk_size=5000):
        if author_ref_for(member_id) == target.author_ref:
            return Member.objects.get(pk=member_id)
    return None
