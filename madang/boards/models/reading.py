"""What the site keeps about reading: notices read, personal filters, view batches, hot scores."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.memberkeys import MEMBER_KEY_LENGTH
from madang.boards.models.core import Category, Post
from madang.boards.models.notices import Notice


class NoticeRead(models.Model):
    """A member opened a notice, so it folds on their lists. The member is named by their
    member key (``accounts.memberkeys``), never their id, as on scraps."""

    member_key = models.CharField(_("회원 키"), max_length=MEMBER_KEY_LENGTH, editable=False)
    notice = models.ForeignKey(
        Notice, on_delete=models.CASCADE, related_name="+", verbose_name=_("공지")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member_key", "notice"], name="notice_read_once")
        ]
        verbose_name = pgettext_lazy("model", "읽은 공지")
        verbose_name_plural = pgettext_lazy("plural", "읽은 공지")

    def __str__(self) -> str:
        return f"read {self.notice_id}"


class ReadingPreferences(models.Model):
    """A member's own filters: categories they never want to see, words they mute in titles.
    The member is named by their member key (``accounts.memberkeys``), never their id."""

    member_key = models.CharField(
        _("회원 키"), max_length=MEMBER_KEY_LENGTH, unique=True, editable=False
    )
    excluded_categories = models.ManyToManyField(
        Category, blank=True, related_name="+", verbose_name=_("숨길 카테고리")
    )
    muted_words = models.TextField(_("제목에서 가릴 단어"), blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "읽기 설정")
        verbose_name_plural = pgettext_lazy("plural", "읽기 설정")

    def __str__(self) -> str:
        return f"preferences {self.pk}"

    @property
    def muted_word_list(self) -> list[str]:
        words = {word.strip().lower() for word in self.muted_words.splitlines()}
        return sorted(word for word in words if word)


class ViewBatch(models.Model):
    """A batch of buffered view counts already added to the posts.

    Flushing writes the batch's id in the same transaction as the counts, so a
    flush that dies after committing is recognised and not applied twice.
    """

    batch_id = models.CharField(_("묶음 번호"), max_length=64, unique=True)
    applied_at = models.DateTimeField(_("반영한 때"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "조회 수 묶음")
        verbose_name_plural = pgettext_lazy("plural", "조회 수 묶음")

    def __str__(self) -> str:
        return self.batch_id


class HotScore(models.Model):
    """A post's place on the hot board (boards/hot.py): the highest scores of the last
    seven days, written anew by each run of the hot-score job."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("글")
    )
    score = models.FloatField(_("점수"))

    class Meta:
        indexes = [models.Index(fields=["-score"], name="hot_score_order")]
        verbose_name = pgettext_lazy("model", "핫 점수")
        verbose_name_plural = pgettext_lazy("plural", "핫 점수")

    def __str__(self) -> str:
        return f"hot {self.post_id}: {self.score:.3f}"
