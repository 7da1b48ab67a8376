"""Making notifications, from the signals of the writes they are about.

A published comment notifies the writer of its post and, for a reply, the
writer of the comment replied to (once, when that is the same person); a
moderator's action notifies the writer of the writing it acted on. Nobody is
told of their own writing or their own action. The receivers run inside the
write's transaction, on the ``post_save`` of the comment (``create_comment``)
and of the audit record every moderator's action writes first
(``moderation.audit.record``), as the search index keeps itself current: the
comment actions, the gate and moderation need not import this app, and a write
that fails leaves no notification behind.

Writing a silent ban keeps from everyone (status ``shadowed``) notifies nobody,
then or when the ban ends: it was written for no one to read. A held comment
notifies when a moderator approves it, since that is when its readers first
see it (docs/notifications.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connections, router, transaction

from madang.accounts.pseudonym import author_ref_for
from madang.boards import overlays
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.models import AuditEvent
from madang.notifications import counters
from madang.notifications.models import Kind, Notification, TurnedOff, UnreadCount
from madang.notifications.signals import notified

Action = AuditEvent.Action
# The moderators' actions on a post or a comment that its writer is told of. Not bans
# (a silent one must stay silent; a visible one says so where they write), nor reveals.
TOLD = frozenset(
    {
        Action.APPROVE,
        Action.BLIND,
        Action.HIDE,
        Action.DELETE,
        Action.MOVE,
        Action.LOCK,
        Action.UNLOCK,
        Action.PIN,
    }
)


def comment_saved(
    sender: type[Comment], instance: Comment, created: bool = False, **kwargs: Any
) -> None:
    if created and instance.status == Comment.Status.PUBLISHED:
        notify_of_comment(instance, instance.created_at, kwargs.get("using"))


def audit_recorded(
    sender: type[AuditEvent], instance: AuditEvent, created: bool = False, **kwargs: Any
) -> None:
    if created and instance.action in TOLD and instance.target_type in ("post", "comment"):
        notify_of_moderation(instance, kwargs.get("using"))


def notify_of_comment(comment: Comment, when: datetime, using: str | None = None) -> int:
    """Tell the post's writer and the writer of the comment replied to: how many were told.

    The comment holds its post and the comment it replies to when it was just
    written (``create_comment``), so this asks the database nothing but the inserts.
    """
    post, parent, writer = comment.post, comment.parent, comment.author_ref
    told = 0
    if parent is not None and parent.author_ref != writer:
        # The post's writer replied to on their own post is told once, of the reply; of the
        # new comment on their post if they turned replies off.
        both = parent.author_ref == post.author_ref
        kinds = (Kind.REPLY, Kind.COMMENT) if both else (Kind.REPLY,)
        told += _tell_first(parent.author_ref, kinds, post.pk, comment.pk, when, using)
        if both:
            return told
    if post.author_ref != writer:
        told += _tell_first(post.author_ref, (Kind.COMMENT,), post.pk, comment.pk, when, using)
    return told


def notify_of_moderation(event: AuditEvent, using: str | None = None) -> int:
    """Tell the writer of what the moderator acted on (the record is written before the
    action takes effect, in its transaction); when the action approves a held comment,
    that comment is published by it, and notifies as a new comment."""
    using = using or router.db_for_write(Notification)
    comment: Comment | None = None
    if event.target_type == "post":
        post = Post.objects.using(using).only("author_ref").get(pk=event.target_id)
        target_ref, post_id = post.author_ref, post.pk
    else:
        comment = (
            Comment.objects.using(using).select_related("post", "parent").get(pk=event.target_id)
        )
        target_ref, post_id = comment.author_ref, comment.post_id
    told = 0
    if target_ref != author_ref_for(event.actor_id):
        comment_id = comment.pk if comment else None
        kinds = (Kind.MODERATION,)
        told += _tell_first(
            target_ref, kinds, post_id, comment_id, event.created_at, using, event.action
        )
    if event.action == Action.APPROVE and comment and comment.status == Comment.Status.HELD:
        told += notify_of_comment(comment, event.created_at, using)
    return told


def _tell_first(
    recipient_ref: str,
    kinds: tuple[Kind, ...],
    post_id: int,
    comment_id: int | None,
    when: datetime,
    using: str | None,
    action: str = "",
) -> int:
    """Store one notification, of the first of ``kinds`` the recipient has not turned off."""
    using = using or router.db_for_write(Notification)
    for kind in kinds:
        if _store(recipient_ref, kind, action, post_id, comment_id, when, using):
            overlays.forget(author_ref=recipient_ref)  # the count on their bell
            transaction.on_commit(
                lambda: notified.send(sender=Notification, recipient_ref=recipient_ref),
                using=using,
            )
            return 1
    return 0


def _store(
    recipient_ref: str,
    kind: Kind,
    action: str,
    post_id: int,
    comment_id: int | None,
    when: datetime,
    using: str,
) -> bool:
    """The row, unless its kind is turned off, counted on the recipient's bell
    (``counters``): the comment write is the busiest write there is, so on PostgreSQL
    the row, the check of the settings and the count are one statement."""
    connection = connections[using]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)}"  # noqa: S608 - names from the models
        " (recipient_ref, kind, action, post_id, comment_id, created_at)"
        " SELECT %s, %s, %s, %s, CAST(%s AS BIGINT), %s"
        f" WHERE NOT EXISTS (SELECT 1 FROM {quote(TurnedOff._meta.db_table)}"
        " WHERE recipient_ref = %s AND kind = %s)"
    )
    params: list[Any] = [
        recipient_ref,
        kind.value,
        action,
        post_id,
        comment_id,
        connection.ops.adapt_datetimefield_value(when),
        recipient_ref,
        kind.value,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            counts = quote(UnreadCount._meta.db_table)
            cursor.execute(_counted(sql, counts), [*params, recipient_ref, recipient_ref])
            return cursor.fetchone() == (True,)
        cursor.execute(sql, params)
        stored = cursor.rowcount == 1
    if stored:
        counters.add(recipient_ref, 1, using)
    return stored


def _counted(store: str, counts: str) -> str:
    """``store`` with the recipient's count taken along: one of their counter rows that no
    other write holds updated, or one added where all are held or they have none.

    The recipient is a hot row: everyone commenting on a busy post tells its writer, and
    a row updated here stays locked until the comment's commit, so taking the first row
    made the writers wait there for each other (32 writers on one post wrote 0.07 to
    0.08 of the floor's requests a second; 0.10 to 0.11 since). Skipping the rows held elsewhere,
    a recipient has at most as many rows as writes at once, and the count is their sum.
    """
    return (
        f"WITH stored AS ({store} RETURNING 1),"  # noqa: S608 - names from the models
        f" free AS (SELECT id FROM {counts} WHERE recipient_ref = %s ORDER BY id LIMIT 1"
        " FOR UPDATE SKIP LOCKED),"
        f" bumped AS (UPDATE {counts} SET unread = unread + 1"
        " WHERE id = (SELECT id FROM free)"
        " AND EXISTS (SELECT 1 FROM stored) RETURNING 1),"
        f" added AS (INSERT INTO {counts} (recipient_ref, unread) SELECT %s, 1"
        " WHERE EXISTS (SELECT 1 FROM stored) AND NOT EXISTS (SELECT 1 FROM bumped))"
        " SELECT EXISTS (SELECT 1 FROM stored)"
    )
