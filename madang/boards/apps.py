from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "madang.boards"
    label = "boards"
    verbose_name = "게시판"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from madang.boards.models import Board, Category, Notice, NoticeKind
        from madang.boards.queries import forget_boards_for_writing
        from madang.core import pagecache

        # Admin edits of the board's settings reach every cached page at once, and
        # the boards kept for writes (this process now, the others on commit).
        def touch(**kwargs: object) -> None:
            forget_boards_for_writing()
            pagecache.touch_site()

        for model in (Board, Category, Notice, NoticeKind):
            post_save.connect(
                touch, sender=model, weak=False, dispatch_uid=f"pagecache-{model.__name__}"
            )
            post_delete.connect(
                touch, sender=model, weak=False, dispatch_uid=f"pagecache-del-{model.__name__}"
            )

        # A member's overlay (memberpages) holds their reading state; moderation's
        # AppConfig forgets it when their roles change.
        from madang.accounts.models import Member
        from madang.boards import overlays
        from madang.boards.models import ReadingPreferences

        def forget_member(instance: object, **kwargs: object) -> None:
            member_id = instance.pk if isinstance(instance, Member) else instance.member_id  # type: ignore[attr-defined]
            overlays.forget(member_id=member_id)

        for owner in (Member, ReadingPreferences):
            for signal in (post_save, post_delete):
                signal.connect(
                    forget_member,
                    sender=owner,
                    weak=False,
                    dispatch_uid=f"overlay-{signal is post_save}-{owner.__name__}",
                )

        from datetime import timedelta

        from madang.accounts.pseudonym import register_holder
        from madang.boards.models import Post
        from madang.boards.viewcounts import flush_views, forget_old_batches
        from madang.core import scheduler

        register_holder("posts", Post)  # rewritten when the pseudonym key is rotated

        # Buffered view counts reach the posts within 10 seconds.
        scheduler.register("flush-views", timedelta(seconds=5), flush_views)
        scheduler.register("forget-view-batches", timedelta(hours=6), forget_old_batches)
