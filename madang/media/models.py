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
    key = models.CharField(max_length=KEY_LENGTH, unique=True, editable=False)
    author_ref = models.CharField(max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    # The container as the content says (jpeg, png, webp, gif, avif, mp4, webm, mov).
    source_format = models.CharField(max_length=10)
    source_bytes = models.PositiveBigIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    frames = models.PositiveIntegerField(default=1)
    duration_ms = models.PositiveIntegerField(default=0)
    # The writer asked to keep an animation as a GIF ("GIF 유지").
    keep_gif = models.BooleanField(default=False)
    # What was made: {"role": {"name": storage name, "type": MIME type, "bytes": n,
    # "width": w, "height": h}}; roles are "upload" (the file as received, kept out of
    # sight until processed), "original", "w480"..., "poster", "video", "gif".
    files = models.JSONField(default=dict)
    stored_bytes = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=40, blank=True)  # a code, shown in the reader's language
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    attached_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["author_ref", "created_at"], name="media_by_writer_day")]
        verbose_name = _("첨부 파일")
        verbose_name_plural = _("첨부 파일")

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY
