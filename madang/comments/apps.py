from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "madang.comments"
    label = "comments"
    verbose_name = "댓글"

    def ready(self) -> None:
        from madang.accounts.pseudonym import register_holder
        from madang.comments.models import Comment

        register_holder("comments", Comment)  # rewritten when the pseudonym key is rotated
