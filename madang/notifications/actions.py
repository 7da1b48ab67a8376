"""A member's writes to their notifications: reading them, choosing the kinds, forgetting.

Notifications are made by ``notify.py``, from the writes they are about. Each
change to what a member has not read changes their count in the same transaction
(``counters``), forgets their overlay, which holds the count on their bell
(``boards.overlays``), and tells the apps above after the commit
(``signals.notifications_read``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from madang.accounts.actions import day_of
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import overlays
from madang.comments.models import Comment
from madang.notifications import counters
from madang.notifications.models import Kind, Notification, TurnedOff, UnreadCount
from madang.notifications.signals import notifications_read

KEPT_FOR = timedelta(days=90)


def mark_read(*, member: Member, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read: those of ``notification_ids``, or all of
    them (None). Another member's ids are left alone. Returns how many were unread."""
    ref = author_ref_for(member.pk)
    unread = Notification.objects.filter(recipient_ref=ref, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        count = unread.update(read_at=day_of(timezone.now()))
        if count:
            counters.add(ref, -count)
            overlays.forget(author_ref=ref)
            transaction.on_commit(
                lambda: notifications_read.send(sender=Notification, recipient_ref=ref)
            )
    return count


def mark_all_read(*, member: Member) -> int:
    return mark_read(member=member, notification_ids=None)


def set_kinds_wanted(*, member: Member, wanted: Iterable[str]) -> None:
    """The kinds of notification the member wants from now on; the others are turned off.
    What was already made stays until read or forgotten."""
    ref = author_ref_for(member.pk)
    on = {Kind(kind) for kind in wanted}
    with transaction.atomic():
        TurnedOff.objects.filter(recipient_ref=ref, kind__in=on).delete()
        off = set(TurnedOff.objects.filter(recipient_ref=ref).values_list("kind", flat=True))
        TurnedOff.objects.bulk_create(
            TurnedOff(recipient_ref=ref, kind=kind)
            for kind in Kind
            if kind not in on and kind.value not in off
        )


def forget_old_notifications(*, now: datetime | None = None) -> int:
    """Delete notifications older than ``KEPT_FOR``, read or not (a periodic job). Their
    recipients' bells count anew where an unread one went."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    return _forget(Notification.objects.filter(created_at__lt=cutoff))


def forget_notifications_about(*, comments: QuerySet[Comment]) -> int:
    """Delete the notifications about these comments (the bench's own, after a run)."""
    return _forget(Notification.objects.filter(comment__in=comments))


def _forget(notifications: QuerySet[Notification]) -> int:
    """Delete them, their unread ones taken off their recipients' counts."""
    with transaction.atomic():
        # Locked, so that one marked read meanwhile is not taken off twice.
        unread = Counter(
            notifications.filter(read_at__isnull=True)
            .select_for_update()
            .values_list("recipient_ref", flat=True)
        )
        deleted, _by_model = notifications.delete()
        for ref in sorted(unread):  # two at once lock the counters in one order
            counters.add(ref, -unread[ref])
            overlays.forget(author_ref=ref)
    return deleted


def drop_notifications_of(*, member_id: int) -> None:
    """A member who leaves takes their notifications, count and settings along."""
    ref = author_ref_for(member_id)
    with transaction.atomic():
        Notification.objects.filter(recipient_ref=ref).delete()
        UnreadCount.objects.filter(recipient_ref=ref).delete()
        TurnedOff.objects.filter(recipient_ref=ref).delete()
