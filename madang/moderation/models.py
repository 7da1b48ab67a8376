from __future__ import annotations

from typing import Any, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised by any attempt to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit records cannot be removed")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be changed")


class AuditEvent(models.Model):
    """One staff action, written before the action takes effect and kept for good.

    The record names who acted, on what, why and when, and never the result: a
    reveal's record says which post was revealed, not whose it was, so the
    audit log cannot link writing to members either. The application cannot
    update or delete rows (this model refuses, and on PostgreSQL a trigger does too).
    """

    class Action(models.TextChoices):
        REVEAL_AUTHOR = "reveal_author", _("글쓴이 확인")

    # A plain id and a name kept at the time: the record outlives the staff account.
    actor_id = models.BigIntegerField(_("처리자 번호"))
    actor_name = models.CharField(_("처리자"), max_length=150)
    action = models.CharField(_("동작"), max_length=40, choices=Action.choices)
    target_type = models.CharField(_("대상 종류"), max_length=40)
    target_id = models.BigIntegerField(_("대상 번호"))
    target_label = models.CharField(_("대상"), max_length=300, blank=True)
    reason = models.TextField(_("사유"))
    created_at = models.DateTimeField(_("시각"), default=timezone.now, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_by_target")]
        verbose_name = _("감사 기록")
        verbose_name_plural = _("감사 기록")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_label}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("audit records cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be removed")
