from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.pseudonym import AUTHOR_REF_LENGTH
from madang.boards.models import Post


class Comment(models.Model):
    """A comment on a post.

    ``number`` is given when the comment is first published, from the post's
    ``last_comment_number``, and never changes: readers quote comments by it
    ("3번 댓글"), and a deleted or hidden comment keeps its place and number
    as a placeholder. Writing that has never been published (held, or written
    under a silent ban) has no number; see ``comments/queries.py`` for how its
    writer sees it numbered.
    """

    class Status(models.TextChoices):
        PUBLISHED = "published", _("게시됨")
        HELD = "held", _("검토 대기")
        HIDDEN = "hidden", _("숨김")
        DELETED = "deleted", _("삭제됨")
        SHADOWED = "shadowed", _("글쓴이에게만 보임")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("글")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("답글을 단 댓글"),
    )
    author_ref = models.CharField(
        _("글쓴이 참조"), max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False
    )
    # Blank only beside a picture (the form asks for one or the other).
    body = models.TextField(_("댓글"), blank=True, validators=[MaxLengthValidator(3000)])
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("쓴 때"), default=timezone.now)
    edited_at = models.DateTimeField(_("고친 때"), null=True, blank=True)
    blinded = models.BooleanField(_("신고로 가림"), default=False)
    number = models.PositiveIntegerField(_("번호"), null=True, blank=True, editable=False)
    # One picture (or animation, or video) under the text, where the board allows it.
    picture = models.ForeignKey(
        "media.Media",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        editable=False,
        verbose_name=_("사진"),
    )
    # Its markup (madang.media.render), made when written and when the picture is ready.
    picture_html = models.TextField(_("사진 HTML"), blank=True, db_default="", editable=False)
    # The writer's submission it was made from (writing/idempotency.py): a retry is stored once.
    # NULL, not "", for none: rows without a key must not collide on the unique index.
    submission_key = models.CharField(  # noqa: DJ001
        _("제출 키"),
        max_length=32,
        null=True,
        unique=True,
        editable=False,
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["post", "id"],
                condition=Q(status="published"),
                name="comment_published_by_post",
            )
        ]
        verbose_name = pgettext_lazy("model", "댓글")
        verbose_name_plural = pgettext_lazy("plural", "댓글")

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.post_id}"
