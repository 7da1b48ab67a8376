"""Notifications: what happened to a member's writing, kept for them to read.

A row names its recipient by the author reference the database already ties to
the writing it is about (the post's, or the comment replied to, or the writing a
moderator acted on), never by member id: a row saying "member 42 has a new
comment on post P" would tell a copy of the database who wrote P. It names no
one else either: not who commented, not which moderator acted (docs/notifications.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.pseudonym import AUTHOR_REF_LENGTH


class Kind(models.TextChoices):
    COMMENT = "comment", _("내 글에 달린 댓글")
    REPLY = "reply", _("내 댓글에 달린 답글")
    MODERATION = "moderation", _("관리자가 내 글이나 댓글을 처리했을 때")


class Notification(models.Model):
    """One thing that happened to the recipient's writing.

    ``action`` is the moderator's action for ``Kind.MODERATION`` (the audit log's
    names: approve, blind, hide, delete, move, lock_comments, unlock_comments,
    pin), empty otherwise. ``comment`` is the new comment or reply, or the comment
    a moderator acted on; None for an action on a post. ``read_at`` keeps the day
    only (Seoul midnight), as sign-ups and logins do: to the second, it would say
    when the writer of these posts was online.
    """

    recipient_ref = models.CharField(
        _("받는 사람 참조"), max_length=AUTHOR_REF_LENGTH, editable=False
    )
    kind = models.CharField(_("종류"), max_length=12, choices=Kind.choices)
    action = models.CharField(_("동작"), max_length=40, blank=True)
    post = models.ForeignKey(
        "boards.Post", on_delete=models.CASCADE, related_name="+", verbose_name=_("글")
    )
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("댓글"),
    )
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now)
    read_at = models.DateTimeField(_("읽은 때"), null=True, blank=True)

    class Meta:
        indexes = [
            # The list, newest first.
            models.Index(fields=["recipient_ref", "-created_at", "-id"], name="notification_list"),
            # The bell's count on a page rendered for one member; partial, so read rows cost
            # nothing.
            models.Index(
                fields=["recipient_ref"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            # The periodic forgetting of old rows (actions.forget_old_notifications).
            models.Index(fields=["created_at"], name="notification_by_age"),
        ]
        verbose_name = pgettext_lazy("model", "알림")
        verbose_name_plural = pgettext_lazy("plural", "알림")

    def __str__(self) -> str:
        return f"{self.kind} {self.action} on {self.post_id}/{self.comment_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class TurnedOff(models.Model):
    """A kind of notification its recipient does not want (every kind is on until then).

    Keyed by author reference, like the notifications: a notification is made
    while someone else writes, when nothing but the writing's reference is
    known, and a kind turned off means no row is ever stored. There is no unique
    constraint on (recipient_ref, kind): rotating the pseudonym key moves rows by
    plain updates (``accounts.rotation``), and a member who turned a kind off
    under the new key before the rotation reached them must not stop it; two
    rows say what one says.
    """

    recipient_ref = models.CharField(
        _("받는 사람 참조"), max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False
    )
    kind = models.CharField(_("종류"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = pgettext_lazy("model", "끈 알림")
        verbose_name_plural = pgettext_lazy("plural", "끈 알림")

    def __str__(self) -> str:
        return self.kind


class UnreadCount(models.Model):
    """How many notifications a recipient has not read: the bell's count in one indexed
    read, whatever the number (the rows' COUNT grew with it, on every comment write).

    The count is the sum of the recipient's rows, one as a rule. ``recipient_ref`` is
    not unique, for the reason ``TurnedOff``'s is not: rotating the pseudonym key
    moves rows by plain updates, and a notification made under the new key before the
    rotation reached its recipient has made a row there already; the moved row joins
    it and the sum stays true, where a unique key would stop the rotation. A notification
    counts on a row no other write holds, or adds one (``notify._counted``): a busy
    writer has as many rows as notifications made for them at once. Each write changes one
    of the rows (or adds one) in the transaction of the notifications it counts
    (``counters.py``); a row may go below zero where another holds the rest. Rows deleted
    by cascade (a post hard-deleted) leave a count too high until ``madang
    repair_counters`` recounts it from the notifications, one row per recipient.
    """

    recipient_ref = models.CharField(
        _("받는 사람 참조"), max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False
    )
    unread = models.IntegerField(_("읽지 않은 알림"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("model", "읽지 않은 알림 수")
        verbose_name_plural = pgettext_lazy("plural", "읽지 않은 알림 수")

    def __str__(self) -> str:
        return str(self.unread)
