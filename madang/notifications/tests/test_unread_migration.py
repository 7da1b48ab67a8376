"""The unread counters of a site that had notifications before them: counted from the
unread rows by the migration that adds them, and dropped by its way back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Sum

from madang.accounts.pseudonym import author_ref_for
from madang.notifications.models import UnreadCount
from madang.notifications.queries import unread_count

BEFORE = [("notifications", "0002_korean_names")]


def migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_unread_notifications_already_stored(
    board, make_post, make_member
):
    writer, other = make_member("writer"), make_member("other")
    post = make_post(board, author=writer)
    stored = [(writer, None), (writer, None), (writer, "2026-01-02T00:00:00+09:00"), (other, None)]
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        Notification = old.get_model("notifications", "Notification")
        for member, read_at in stored:
            Notification.objects.create(
                recipient_ref=author_ref_for(member.pk),
                kind="comment",
                post_id=post.pk,
                read_at=read_at,
            )
    finally:
        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        migrate(leaves)
    assert (unread_count(writer), unread_count(other)) == (2, 1)
    assert UnreadCount.objects.count() == 2
    try:
        migrate(BEFORE)  # the way back drops the counters without a complaint
    finally:
        migrate(leaves)
    assert UnreadCount.objects.aggregate(total=Sum("unread"))["total"] == 3
