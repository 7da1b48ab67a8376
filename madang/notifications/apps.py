from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class NotificationsConfig(AppConfig):
    name = "madang.notifications"
    label = "notifications"
    verbose_name = pgettext_lazy("plural", "알림")

    def ready(self) -> None:
        # Made inside the writes they are about, from their signals (notify.py): a
        # published comment, and the audit record of a moderator's action.
        from django.db.models.signals import post_delete, post_save

        from madang.comments.models import Comment
        from madang.moderation.models import AuditEvent
        from madang.notifications.notify import audit_recorded, comment_saved

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="notify-comment")
        post_save.connect(audit_recorded, sender=AuditEvent, dispatch_uid="notify-moderation")

        # Rows name their recipient by author reference: rotating the key rewrites them, and
        # a member who leaves takes them along.
        from madang.accounts.models import Member
        from madang.accounts.pseudonym import register_holder
        from madang.notifications.actions import drop_notifications_of
        from madang.notifications.models import Notification, TurnedOff, UnreadCount

        register_holder("notifications", Notification, "recipient_ref")
        register_holder("notification settings", TurnedOff, "recipient_ref")
        # No unique key on it: a row moved onto one made under the new key adds to it.
        register_holder("unread counts", UnreadCount, "recipient_ref")

        def drop(instance: Member, **kwargs: object) -> None:
            drop_notifications_of(member_id=instance.pk)

        post_delete.connect(drop, sender=Member, weak=False, dispatch_uid="notifications-of-member")

        # The header's bell: members' overlays keep the count (boards/memberpages.py).
        from madang.boards import overlays
        from madang.notifications.bell import markup
        from madang.notifications.queries import unread_count_for

        overlays.hand_down_bell(overlays.Bell(unread=unread_count_for, markup=markup))

        # The bell's counters are recounted with the others (`madang repair_counters`).
        from madang.comments.counters import register_repair
        from madang.notifications.counters import repair_unread_counts

        register_repair("unread counts", repair_unread_counts)

        # A member's open post pages hear of a new count on their live stream (docs/live.md).
        from madang.live.publishing import publish_unread
        from madang.notifications.signals import notifications_read, notified

        def push_count(recipient_ref: str, **kwargs: object) -> None:
            from django.conf import settings

            if settings.REDIS_URL:  # without Redis no stream carries it: nothing to count
                publish_unread(recipient_ref, unread_count_for(recipient_ref))

        for signal in (notified, notifications_read):
            signal.connect(push_count, weak=False, dispatch_uid=f"live-bell-{id(signal)}")

        from datetime import timedelta

        from madang.core import scheduler
        from madang.notifications.actions import forget_old_notifications

        scheduler.register("forget-old-notifications", timedelta(hours=1), forget_old_notifications)
