from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class BoardsConfig(AppConfig):
    name = "madang.boards"
    label = "boards"
    verbose_name = pgettext_lazy("plural", "게시판")

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
        # AppConfig forgets it when their roles change, and the reading actions
        # (scraps, notices, preferences) when they write.
        from madang.accounts.models import Member
        from madang.boards import overlays

        def forget_member(instance: Member, **kwargs: object) -> None:
            overlays.forget(member_id=instance.pk)

        for signal in (post_save, post_delete):
            signal.connect(
                forget_member,
                sender=Member,
                weak=False,
                dispatch_uid=f"overlay-{signal is post_save}-Member",
            )

        # The rows of a member's reading name them by key, not by a foreign key that
        # would take them along: they go with the member here.
        from madang.accounts import memberkeys
        from madang.boards.models import NoticeRead, ReadingPreferences, Scrap, Vote
        from madang.boards.notices import drop_notice_reads_of
        from madang.boards.preferences import drop_preferences_of
        from madang.boards.scraps import drop_scraps_of
        from madang.boards.votes import drop_votes_of

        def drop_reading(instance: Member, **kwargs: object) -> None:
            drop_scraps_of(member_id=instance.pk)
            drop_votes_of(member_id=instance.pk)
            drop_notice_reads_of(member_id=instance.pk)
            drop_preferences_of(member_id=instance.pk)

        post_delete.connect(
            drop_reading, sender=Member, weak=False, dispatch_uid="reading-rows-of-member"
        )
        # Moved to the newest member key when the data key is rotated.
        memberkeys.register_holder("scraps", Scrap)
        memberkeys.register_holder("votes", Vote)
        memberkeys.register_holder("notice reads", NoticeRead)
        memberkeys.register_holder("reading filters", ReadingPreferences)

        from datetime import timedelta

        from madang.accounts.pseudonym import register_holder
        from madang.boards.models import Draft, Post
        from madang.boards.viewcounts import flush_views, forget_old_batches
        from madang.core import scheduler

        register_holder("posts", Post)  # rewritten when the pseudonym key is rotated
        register_holder("drafts", Draft, "owner_ref")  # a draft names its writer the same way

        # Buffered view counts reach the posts within 10 seconds, and the views a
        # serving process buffered are flushed when it stops (the embedded default
        # buffers them there).
        scheduler.register("flush-views", timedelta(seconds=5), flush_views, at_exit=True)
        scheduler.register("forget-view-batches", timedelta(hours=6), forget_old_batches)

        # The hot board's scores, the best thresholds and the posts that reached them.
        from madang.boards.hot import EVERY, refresh_hot_scores

        scheduler.register("hot-scores", EVERY, refresh_hot_scores)

        # An upload that becomes ready (or fails) shows anew in the posts holding it.
        from madang.boards.postmedia import refresh
        from madang.media.models import Media
        from madang.media.signals import media_changed

        def media_done(media: Media, **kwargs: object) -> None:
            refresh(media)

        media_changed.connect(media_done, weak=False, dispatch_uid="posts-show-media")

        # Before an upload is removed: does a post that is not deleted still show it?
        from madang.media.actions import register_holder as register_media_holder

        def shown_in_posts(ids: list[int]) -> set[int]:
            links = Post.media.through.objects.filter(media_id__in=ids).exclude(
                post__status=Post.Status.DELETED
            )
            return set(links.values_list("media_id", flat=True))

        register_media_holder("posts", shown_in_posts)
