"""A member's writes to their notifications: reading them, choosing the kinds, forgetting.

Notifications are made by ``notify.py``, from the writes they are about. Each
change to what a member has not read forgets their overlay, which holds the
count on their bell (``boards.overlays``), and tells the apps above after the
commit (``signals.notifications_read``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from madang.accounts.actions import day_of
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import overlays
from madang.notifications.models import Kind, Notification, TurnedOff
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
    old = Notification.objects.filter(created_at__lt=cutoff)
    with transaction.atomic():
        recipients = set(old.filter(read_at__isnull=True).values_list("recipient_ref", flat=True))
        deleted, _by_model = old.delete()
        for ref in recipients:
            overlays.forget(author_ref=ref)
    return deleted


def drop_notifications_of(*, member_id: int) -> None:
    """A member who leaves takes their notifications and settings along."""
    ref = author_ref_for(member_id)
    Notification.objects.filter(recipient_ref=ref).delete()
    TurnedOff.objects.filter(recipient_ref=ref).delete()
