from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "madang.comments"
    label = "comments"
    verbose_name = "댓글"
