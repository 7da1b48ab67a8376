"""What members do with posts besides publishing them: drafts, edits, scraps."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.memberkeys import MEMBER_KEY_LENGTH
from madang.accounts.pseudonym import AUTHOR_REF_LENGTH
from madang.boards.models.core import Board, Category, Post


class Draft(models.Model):
    """What a member is typing, saved every few seconds so nothing is ever lost.

    Keyed by the author reference, never the member id, so a draft of an edit
    links nothing the post does not already hold. Publishing deletes it.
    """

    owner_ref = models.CharField(_("쓴 사람 참조"), max_length=AUTHOR_REF_LENGTH, editable=False)
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("게시판")
    )
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("글"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("카테고리")
    )
    title = models.CharField(_("제목"), max_length=300, blank=True)
    body = models.TextField(_("본문"), blank=True)
    source_url = models.CharField(_("출처"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(_("저장한 때"), default=timezone.now)

    class Meta:
        # One draft per new post per board, and one per post being edited. Two partial
        # constraints, because SQLite cannot treat NULLs as equal in one.
        constraints = [
            models.UniqueConstraint(
                fields=["owner_ref", "board"],
                condition=models.Q(post__isnull=True),
                name="draft_one_new_per_board",
            ),
            models.UniqueConstraint(
                fields=["owner_ref", "post"],
                condition=models.Q(post__isnull=False),
                name="draft_one_per_post",
            ),
        ]
        verbose_name = pgettext_lazy("model", "임시 저장 글")
        verbose_name_plural = pgettext_lazy("plural", "임시 저장 글")

    def __str__(self) -> str:
        return f"draft on {self.board_id}/{self.post_id or 'new'}"


class PostRevision(models.Model):
    """A post as it was before an edit, for moderators. It names no author."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("글")
    )
    title = models.CharField(_("제목"), max_length=300)
    body_source = models.TextField(_("본문"))
    category_name = models.CharField(_("카테고리"), max_length=40, blank=True)
    source_url = models.URLField(_("출처"), max_length=2000, blank=True)
    written_at = models.DateTimeField(_("그때 시각"))
    replaced_at = models.DateTimeField(_("고친 시각"), default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        verbose_name = pgettext_lazy("model", "글 수정 기록")
        verbose_name_plural = pgettext_lazy("plural", "글 수정 기록")

    def __str__(self) -> str:
        return f"{self.post_id}: {self.title}"


class Scrap(models.Model):
    """A post a member keeps. Its date is kept to the day, like other member times.

    The member is named by their member key (``accounts.memberkeys``), never their
    id: the row sits next to a post whose page the cache holds. Their scraps go
    when they leave (``boards.scraps.drop_scraps_of``).
    """

    member_key = models.CharField(_("회원 키"), max_length=MEMBER_KEY_LENGTH, editable=False)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="scraps", verbose_name=_("글")
    )
    scrapped_on = models.DateField(_("스크랩한 날"), default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member_key", "post"], name="scrap_once_per_member")
        ]
        verbose_name = pgettext_lazy("model", "스크랩")
        verbose_name_plural = pgettext_lazy("plural", "스크랩")

    def __str__(self) -> str:
        return f"scrap {self.pk}"


class Vote(models.Model):
    """A member's 추천 (up) or 비추천 (down) on a post, one per member and post.

    The member is named by their member key (``accounts.memberkeys``), as on scraps:
    what a member likes is their reading, and must not be matched with their writing
    (docs/hot.md). A vote cast under a silent ban is kept, so that its voter sees it
    as cast, but counted for nobody (``counted``).
    """

    class Value(models.IntegerChoices):
        UP = 1, _("추천")
        DOWN = -1, _("비추천")

    member_key = models.CharField(_("회원 키"), max_length=MEMBER_KEY_LENGTH, editable=False)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="votes", verbose_name=_("글")
    )
    value = models.SmallIntegerField(_("값"), choices=Value.choices)
    counted = models.BooleanField(_("셈에 넣음"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member_key", "post"], name="vote_once_per_member")
        ]
        verbose_name = pgettext_lazy("model", "추천")
        verbose_name_plural = pgettext_lazy("plural", "추천")

    def __str__(self) -> str:
        return f"vote {self.pk}"
