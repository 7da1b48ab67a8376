from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "madang.moderation"
    label = "moderation"
    verbose_name = _("관리")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from madang.moderation.bans import bans_changed
        from madang.moderation.models import Ban

        post_save.connect(bans_changed, sender=Ban, dispatch_uid="bans-changed-save")
        post_delete.connect(bans_changed, sender=Ban, dispatch_uid="bans-changed-delete")

        from madang.accounts.pseudonym import register_holder

        # A ban names its writer by author reference: rotating the key must keep it on them.
        register_holder("bans", Ban)

        from madang.boards import overlays
        from madang.moderation.models import BoardModerator

        # A member's overlay (boards/memberpages.py) holds the boards they moderate.
        def forget_member(instance: BoardModerator, **kwargs: object) -> None:
            overlays.forget(member_id=instance.member_id)

        for signal in (post_save, post_delete):
            signal.connect(
                forget_member,
                sender=BoardModerator,
                weak=False,
                dispatch_uid=f"overlay-{signal is post_save}-BoardModerator",
            )

        from datetime import timedelta

        from madang.core import scheduler
        from madang.moderation.bans import end_expired_bans

        scheduler.register("end-expired-bans", timedelta(minutes=1), end_expired_bans)
