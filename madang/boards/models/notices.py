"""Notices: posts pinned above the rows of a board, or of every board."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.boards.models.core import Board, Post


class NoticeKind(models.Model):
    """이벤트, 공지, 정보, 팁 and whatever else admins add."""

    name = models.CharField(_("이름"), max_length=20, unique=True)
    order = models.PositiveIntegerField(_("순서"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = pgettext_lazy("model", "공지 종류")
        verbose_name_plural = pgettext_lazy("plural", "공지 종류")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """A post pinned above the rows of one board, or of every board when ``board`` is empty."""

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="notices", verbose_name=_("글")
    )
    kind = models.ForeignKey(
        NoticeKind, on_delete=models.PROTECT, related_name="notices", verbose_name=_("종류")
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("비워 두면 모든 게시판에 공지합니다."),
        verbose_name=_("게시판"),
    )
    order = models.PositiveIntegerField(_("순서"), default=0)
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "-created_at"]
        verbose_name = pgettext_lazy("model", "공지")
        verbose_name_plural = pgettext_lazy("plural", "공지")

    def __str__(self) -> str:
        return f"[{self.kind}] {self.post.title}"
