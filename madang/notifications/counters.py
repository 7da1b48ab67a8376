"""The unread counters (``models.UnreadCount``): kept in the transactions of the
notifications they count, recounted from the rows by ``madang repair_counters``.

A count is the sum of its recipient's rows; each change updates one of them or adds
one, so there is nothing to merge when the pseudonym key is rotated (the model says
why). Storing a notification counts it in the same statement on PostgreSQL
(``notify._store``); the other writes call ``add``.
"""

from __future__ import annotations

from django.db import router, transaction
from django.db.models import Count, F, Subquery, Sum

from madang.boards import overlays
from madang.notifications.models import Notification, UnreadCount


def add(recipient_ref: str, change: int, using: str | None = None) -> None:
    """Change the recipient's count by ``change``, in the caller's transaction."""
    using = using or router.db_for_write(UnreadCount)
    rows = UnreadCount.objects.using(using)
    first = rows.filter(recipient_ref=recipient_ref).order_by("pk").values("pk")[:1]
    if rows.filter(pk=Subquery(first)).update(unread=F("unread") + change) == 0 and change > 0:
        # None yet. A count taken off where there is none was never counted: a row below
        # zero would hide the next notifications.
        rows.create(recipient_ref=recipient_ref, unread=change)


def repair_unread_counts() -> int:
    """Recount the counts that are wrong or spread over several rows, from the unread
    notifications, into one row each: how many recipients were recounted."""
    unread = dict(
        Notification.objects.filter(read_at__isnull=True)
        .order_by()
        .values_list("recipient_ref")
        .annotate(count=Count("pk"))
    )
    stored = {
        ref: (total, rows)
        for ref, total, rows in UnreadCount.objects.order_by()
        .values_list("recipient_ref")
        .annotate(total=Sum("unread"), rows=Count("pk"))
    }
    wrong = sorted(
        ref
        for ref in unread.keys() | stored.keys()
        if stored.get(ref, (0, 0))[0] != unread.get(ref, 0) or stored.get(ref, (0, 0))[1] > 1
    )
    for ref in wrong:
        _recount(ref)
    return len(wrong)


def _recount(recipient_ref: str) -> None:
    """One recipient's count from their rows, with their counter rows locked first, so that
    a notification stored meanwhile is counted by its write or by the recount, not lost."""
    rows = UnreadCount.objects.filter(recipient_ref=recipient_ref)
    with transaction.atomic():
        list(rows.select_for_update().values_list("pk", flat=True))
        unread = Notification.objects.filter(recipient_ref=recipient_ref, read_at__isnull=True)
        count = unread.count()
        rows.delete()
        add(recipient_ref, count)
        overlays.forget(author_ref=recipient_ref)  # the count on their bell
