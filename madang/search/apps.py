from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "madang.search"
    label = "search"
    verbose_name = _("검색")

    def ready(self) -> None:
        # Every write of a post's or a comment's text goes through its model's save(), in
        # the action's transaction: the index changes in that transaction too.
        from django.db.models.signals import post_save

        from madang.boards.models import Post
        from madang.comments.models import Comment
        from madang.search.indexing import comment_saved, post_saved

        post_save.connect(post_saved, sender=Post, dispatch_uid="search-index-post")
        post_save.connect(comment_saved, sender=Comment, dispatch_uid="search-index-comment")
