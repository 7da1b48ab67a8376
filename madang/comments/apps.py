from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CommentsConfig(AppConfig):
    name = "madang.comments"
    label = "comments"
    verbose_name = pgettext_lazy("plural", "댓글")

    def ready(self) -> None:
        from madang.accounts.pseudonym import register_holder
        from madang.comments.models import Comment

        register_holder("comments", Comment)  # rewritten when the pseudonym key is rotated

        # A comment's picture that becomes ready (or fails) shows anew.
        from madang.comments.actions import refresh_pictures
        from madang.media.models import Media
        from madang.media.signals import media_changed

        def media_done(media: Media, **kwargs: object) -> None:
            refresh_pictures(media)

        media_changed.connect(media_done, weak=False, dispatch_uid="comments-show-media")

        # Before an upload is removed: does a comment that is not deleted still show it?
        from madang.media.actions import register_holder as register_media_holder

        def shown_in_comments(ids: list[int]) -> set[int]:
            live = Comment.objects.filter(picture_id__in=ids).exclude(status=Comment.Status.DELETED)
            return set(live.values_list("picture_id", flat=True))

        register_media_holder("comments", shown_in_comments)
