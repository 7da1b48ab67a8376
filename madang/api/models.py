"""Personal access tokens: how an app reads and writes for a member (docs/api.md).

A token is shown once, when it is made; the row keeps only its SHA-256. A token
holds 256 random bits, so no dictionary or brute force can reach it from the
digest, and a plain hash is enough: a slow or keyed hash protects guessable
secrets (passwords), and a key would tie every token to ``MADANG_DATA_KEY``, so
that rotating that key would revoke them all. The digest is also what a request
is looked up by, in one indexed query.

The row names its member, as a session does: a token is a way to log in. Its
dates are kept to the day, like other member times (sessions, scraps): a time to
the second of a token's last use could be matched with the time of a post.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", _("읽기")
        WRITE = "write", _("읽기와 쓰기")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("회원"),
    )
    name = models.CharField(_("이름"), max_length=60)
    scope = models.CharField(_("권한"), max_length=5, choices=Scope.choices, default=Scope.READ)
    # SHA-256, hex.
    digest = models.CharField(_("토큰 해시"), max_length=64, unique=True, editable=False)
    created_on = models.DateField(_("만든 날"), default=timezone.localdate, editable=False)
    last_used_on = models.DateField(_("마지막으로 쓴 날"), null=True, blank=True, editable=False)
    # The last day it works (in the site's zone); none: until it is revoked.
    expires_on = models.DateField(_("만료일"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = pgettext_lazy("model", "API 토큰")
        verbose_name_plural = pgettext_lazy("plural", "API 토큰")

    def __str__(self) -> str:
        return self.name

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    def expired(self, today: date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())
