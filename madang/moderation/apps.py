from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "madang.moderation"
    label = "moderation"
    verbose_name = "관리"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from madang.moderation.bans import bans_changed
        from madang.moderation.models import Ban

        post_save.connect(bans_changed, sender=Ban, dispatch_uid="bans-changed-save")
        post_delete.connect(bans_changed, sender=Ban, dispatch_uid="bans-changed-delete")
