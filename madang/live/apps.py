from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "madang.live"
    label = "live"
    verbose_name = _("실시간 댓글")

    def ready(self) -> None:
        # Every write of a comment is a save() in its action; the event leaves after the
        # commit (live/publishing.py), so the comments app never calls this one.
        from django.db.models.signals import post_save

        from madang.comments.models import Comment
        from madang.live.publishing import comment_saved

        post_save.connect(comment_saved, sender=Comment, dispatch_uid="live-comment-event")
