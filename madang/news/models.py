"""What madang keeps of the links in posts (docs/news.md).

``LinkPreview``: what a linked page says of itself, fetched once for every post
that links it and kept 14 days. ``PostLink``: each link a post holds, by the
digest of its key (``normalize.link_key``), with the canonical address its
preview gave as a second row, so that the same story reached through a portal
and through the press matches. ``RecentTitle``: the normalised titles of a
board's recent posts, the window the near-duplicate check reads by an index on
(board, time) instead of the whole post table.

None of them names a member: duplicates are told apart by the posts they join.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.boards.models import Board, Post
from madang.media.models import Media

DIGEST_LENGTH = 64  # hex sha256 of a link key


class LinkPreview(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("가져오는 중")
        READY = "ready", _("준비됨")
        FAILED = "failed", _("가져오지 못함")

    digest = models.CharField(_("주소 해시"), max_length=DIGEST_LENGTH, unique=True)
    url = models.URLField(_("주소"), max_length=2000)  # as first linked
    final_url = models.URLField(_("최종 주소"), max_length=2000, blank=True)  # after redirects
    canonical_url = models.URLField(_("대표 주소"), max_length=2000, blank=True)
    title = models.CharField(_("제목"), max_length=300, blank=True)
    site_name = models.CharField(_("사이트 이름"), max_length=100, blank=True)
    description = models.CharField(_("설명"), max_length=500, blank=True)
    image = models.ForeignKey(
        Media, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("사진")
    )
    state = models.CharField(_("상태"), max_length=10, choices=State.choices, default=State.PENDING)
    # A code: why it could not be fetched.
    error = models.CharField(_("오류"), max_length=20, blank=True)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    fetched_at = models.DateTimeField(_("가져온 때"), null=True, blank=True)
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("model", "링크 미리보기")
        verbose_name_plural = pgettext_lazy("plural", "링크 미리보기")

    def __str__(self) -> str:
        return self.title or self.url


class PostLink(models.Model):
    class Kind(models.TextChoices):
        SOURCE = "source", _("출처")
        BODY = "body", _("본문 링크")
        CANONICAL = "canonical", _("원문 주소")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="links", verbose_name=_("글")
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("게시판")
    )
    digest = models.CharField(_("주소 해시"), max_length=DIGEST_LENGTH)
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("주소"), max_length=2000)
    # The card's place under the post.
    order = models.PositiveSmallIntegerField(_("순서"), default=0)
    preview = models.ForeignKey(
        LinkPreview,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("미리보기"),
    )
    created_at = models.DateTimeField(_("글 쓴 때"))  # the post's, for the board's window

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "digest"], name="post_link_once"),
        ]
        indexes = [models.Index(fields=["board", "digest", "created_at"], name="link_by_board")]
        verbose_name = pgettext_lazy("model", "글의 링크")
        verbose_name_plural = pgettext_lazy("plural", "글의 링크")

    def __str__(self) -> str:
        return self.url


class RecentTitle(models.Model):
    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="+", verbose_name=_("글")
    )
    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="+", verbose_name=_("게시판")
    )
    title = models.CharField(_("제목"), max_length=300)  # normalised (titles.normalise_title)
    # Its links' keys, canonical ones too, by spaces.
    keys = models.TextField(_("링크 키"), blank=True)
    created_at = models.DateTimeField(_("글 쓴 때"))

    class Meta:
        indexes = [models.Index(fields=["board", "created_at"], name="title_by_board_time")]
        verbose_name = pgettext_lazy("model", "최근 글 제목")
        verbose_name_plural = pgettext_lazy("plural", "최근 글 제목")

    def __str__(self) -> str:
        return self.title
