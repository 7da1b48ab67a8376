from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "madang.news"
    label = "news"
    verbose_name = _("뉴스 링크")

    def ready(self) -> None:
        # A post's links and title follow every save of its text, in the writing
        # action's transaction, as the search index does (news/keeping.py).
        from datetime import timedelta

        from django.db.models.signals import post_save

        from madang.boards.models import Post
        from madang.core import scheduler
        from madang.media.actions import register_holder
        from madang.news.keeping import forget_old_titles, post_saved
        from madang.news.previews import shown_images

        post_save.connect(post_saved, sender=Post, dispatch_uid="news-post-links")
        register_holder("link previews", shown_images)  # preview pictures live posts show
        scheduler.register("forget-old-titles", timedelta(days=1), forget_old_titles)
