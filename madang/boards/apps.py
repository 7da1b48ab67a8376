from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "madang.boards"
    label = "boards"
    verbose_name = "게시판"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from madang.boards.models import Board, Category, Notice, NoticeKind
        from madang.core import pagecache

        # Admin edits of the board's settings reach every cached page at once.
        def touch(**kwargs: object) -> None:
            pagecache.touch_site()

        for model in (Board, Category, Notice, NoticeKind):
            post_save.connect(
                touch, sender=model, weak=False, dispatch_uid=f"pagecache-{model.__name__}"
            )
            post_delete.connect(
                touch, sender=model, weak=False, dispatch_uid=f"pagecache-del-{model.__name__}"
            )
