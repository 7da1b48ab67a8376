"""One uploaded picture, animation or video, and the files made from it.

The row names its writer only by author reference, as posts do. What a
post or a comment shows of it is decided by the writing that holds it
(``boards`` links posts to their media, ``comments`` a comment to its
picture); this app knows no writing, only whether some writing holds the
file (``attached_at``) or let it go (``released_at``), for the cleanup.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.pseudonym import AUTHOR_REF_LENGTH

KEY_LENGTH = 22  # secrets.token_urlsafe(16)


class Media(models.Model):
    class Kind(models.TextChoices):
        IMAGE = "image", _("사진")
        ANIMATION = "animation", _("움짤")
        VIDEO = "video", _("동영상")

    class State(models.TextChoices):
        PENDING = "pending", _("처리 중")
        READY = "ready", _("준비됨")
        FAILED = "failed", _("처리 실패")

    # Random, server-made: the files' names and the body's reference to them.
    key = models.CharField(_("키"), max_length=KEY_LENGTH, unique=True, editable=False)
    author_ref = models.CharField(
        _("글쓴이 참조"), max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False
    )
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    state = models.CharField(_("상태"), max_length=10, choices=State.choices, default=State.PENDING)
    # The container as the content says (jpeg, png, webp, gif, avif, mp4, webm, mov).
    source_format = models.CharField(_("원본 형식"), max_length=10)
    source_bytes = models.PositiveBigIntegerField(_("원본 크기(바이트)"))
    width = models.PositiveIntegerField(_("너비"))
    height = models.PositiveIntegerField(_("높이"))
    frames = models.PositiveIntegerField(_("프레임 수"), default=1)
    duration_ms = models.PositiveIntegerField(_("길이(밀리초)"), default=0)
    # The writer asked to keep an animation as a GIF ("GIF 유지").
    keep_gif = models.BooleanField(_("GIF로 두기"), default=False)
    # What was made: {"role": {"name": storage name, "type": MIME type, "bytes": n,
    # "width": w, "height": h}}; roles are "upload" (the file as received, kept out of
    # sight until processed), "original", "w480"..., "poster", "video", "gif".
    files = models.JSONField(_("만든 파일"), default=dict)
    stored_bytes = models.PositiveBigIntegerField(_("저장한 크기(바이트)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("시도 횟수"), default=0)
    # A code, shown in the reader's language.
    error = models.CharField(_("오류"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("올린 때"), default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(_("준비된 때"), null=True, blank=True)
    attached_at = models.DateTimeField(_("붙인 때"), null=True, blank=True)
    released_at = models.DateTimeField(_("놓아준 때"), null=True, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["author_ref", "created_at"], name="media_by_writer_day")]
        verbose_name = pgettext_lazy("model", "첨부 파일")
        verbose_name_plural = pgettext_lazy("plural", "첨부 파일")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY
