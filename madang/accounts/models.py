from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts import crypto


class MemberManager(UserManager["Member"]):
    def _create_user_object(
        self, username: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> Member:
        member = self.model(username=username, **extra_fields)
        member.set_email(email or "")
        member.password = ""
        if password:
            member.set_password(password)
        else:
            member.set_unusable_password()
        return member

    def _create_user(
        self, username: str, email: str | None, password: str | None, **extra_fields: Any
    ) -> Member:
        member = self._create_user_object(username, email, password, **extra_fields)
        member.save(using=self._db)
        return member

    def get_by_natural_key(self, username: str | None) -> Member:
        # Logins ignore case: sign-up stores every name in lower case.
        return self.get(username__iexact=username or "")

    def get_by_email(self, address: str) -> Member | None:
        return self.filter(email_index=crypto.email_index(address)).first()


class Member(AbstractUser):
    """A member of the site.

    Nothing a member writes points back here: posts and comments hold only an
    ``author_ref`` computed from the member id with a key kept outside the
    database (see ``madang.accounts.pseudonym``). The e-mail address is stored
    encrypted, with a keyed blind index for lookups (``madang.accounts.crypto``).
    """

    email = None  # type: ignore[assignment]
    email_cipher = models.TextField(_("암호화된 이메일"), blank=True, editable=False)
    email_index = models.CharField(
        _("이메일 색인"),
        max_length=crypto.INDEX_LENGTH,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    EMAIL_FIELD = "email_address"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[MemberManager] = MemberManager()  # type: ignore[assignment]

    class Meta:
        db_table = "accounts_member"
        verbose_name = pgettext_lazy("model", "회원")
        verbose_name_plural = pgettext_lazy("plural", "회원")

    @property
    def email_address(self) -> str:
        return crypto.decrypt_email(self.email_cipher)

    def set_email(self, address: str) -> None:
        address = crypto.normalize_email(address)
        self.email_cipher = crypto.encrypt_email(address) if address else ""
        self.email_index = crypto.email_index(address) if address else None

    def clean(self) -> None:
        # AbstractUser.clean normalizes self.email, which members do not have.
        pass


class SignupPolicy(models.TextChoices):
    OPEN = "open", _("누구나 가입")
    INVITE = "invite", _("초대 코드로 가입")
    CLOSED = "closed", _("가입 닫힘")


class SiteSettings(models.Model):
    """The one row of settings that admins change while the site runs."""

    signup_policy = models.CharField(
        _("가입 방식"), max_length=10, choices=SignupPolicy.choices, default=SignupPolicy.OPEN
    )
    updated_at = models.DateTimeField(_("고친 때"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "사이트 설정")
        verbose_name_plural = pgettext_lazy("plural", "사이트 설정")

    def __str__(self) -> str:
        return str(_("사이트 설정"))

    @classmethod
    def current(cls) -> SiteSettings:
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row


class InvitationCode(models.Model):
    """A sign-up code issued by an admin; only its keyed hash is stored."""

    code_hash = models.CharField(_("코드 해시"), max_length=64, unique=True, editable=False)
    label = models.CharField(_("메모"), max_length=100, blank=True)
    max_uses = models.PositiveIntegerField(_("최대 사용 횟수"), default=1)
    used = models.PositiveIntegerField(_("사용 횟수"), default=0, editable=False)
    expires_at = models.DateTimeField(_("만료"), null=True, blank=True)
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "초대 코드")
        verbose_name_plural = pgettext_lazy("plural", "초대 코드")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    @property
    def usable(self) -> bool:
        fresh = self.expires_at is None or self.expires_at > timezone.now()
        return fresh and self.used < self.max_uses


class ClientTrace(models.Model):
    """Where a piece of writing came from, for abuse handling.

    The raw address is kept for at most 48 hours (``madang purge_client_addresses``),
    then only its keyed hash. Nothing here names a member: traces follow writing,
    never sign-ups or logins, so joining on the hash cannot link writing to members.
    """

    class Kind(models.TextChoices):
        POST = "post", _("글")
        COMMENT = "comment", _("댓글")

    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField(_("대상 번호"))
    address = models.GenericIPAddressField(_("IP 주소"), null=True, blank=True)
    address_hash = models.CharField(_("IP 주소 해시"), max_length=32, db_index=True)
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"], name="trace_by_object")]
        verbose_name = pgettext_lazy("model", "접속 흔적")
        verbose_name_plural = pgettext_lazy("plural", "접속 흔적")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class ThrottleCounter(models.Model):
    """A failure counter for the embedded default (Redis keeps these when configured)."""

    key = models.CharField(_("키"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("횟수"), default=0)
    expires_at = models.DateTimeField(_("끝나는 때"), db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "시도 횟수")
        verbose_name_plural = pgettext_lazy("plural", "시도 횟수")

    def __str__(self) -> str:
        return self.key


class PendingSignup(models.Model):
    """A sign-up waiting for its address to be proven by the link mailed to it.

    Made for a registered address too (that link is never mailed), so that both
    answers do the same work. Gone when used, and past its expiry (the day after
    tomorrow at midnight: to the second it would tell when someone signed up).
    """

    # Keyed hash of the mailed token.
    digest = models.CharField(_("토큰 해시"), max_length=64, unique=True)
    username = models.CharField(_("아이디"), max_length=150)
    email_cipher = models.TextField(_("암호화한 이메일"))
    email_index = models.CharField(_("이메일 색인"), max_length=crypto.INDEX_LENGTH, db_index=True)
    password = models.CharField(_("비밀번호"), max_length=128)  # hashed, as a member's
    invitation_hash = models.CharField(_("초대 코드 해시"), max_length=64, blank=True)
    next_path = models.CharField(_("다음 주소"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("끝나는 때"), db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "가입 대기")
        verbose_name_plural = pgettext_lazy("plural", "가입 대기")

    def __str__(self) -> str:
        return self.username


class LoginAddress(models.Model):
    """An address a member has logged in from, where their right password always works.

    Only ``HMAC(key, member id | address)`` under a key derived from the pseudonym
    key (``accounts/places.py``): keyed per member, it cannot be compared with the
    client traces of writing or with another member's; whoever holds the pseudonym
    key can link writing to members anyway. The day it was last used, no time.
    """

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("회원")
    )
    digest = models.CharField(_("주소 해시"), max_length=64)
    last_used = models.DateField(_("마지막으로 쓴 날"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "digest"], name="one_login_address_row")
        ]
        verbose_name = pgettext_lazy("model", "로그인한 주소")
        verbose_name_plural = pgettext_lazy("plural", "로그인한 주소")

    def __str__(self) -> str:
        return f"{self.member_id}"


class LoginLink(models.Model):
    """A one-time login link mailed to a member whose account strangers are guessing at."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("회원")
    )
    # Keyed hash of the mailed token.
    digest = models.CharField(_("토큰 해시"), max_length=64, unique=True)
    next_path = models.CharField(_("다음 주소"), max_length=200, blank=True)
    expires_at = models.DateTimeField(_("끝나는 때"), db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "로그인 링크")
        verbose_name_plural = pgettext_lazy("plural", "로그인 링크")

    def __str__(self) -> str:
        return f"{self.member_id}"


class MemberSession(AbstractBaseSession):
    """Django's database session with its member, so a reset or deletion can end them all.

    ``expire_date`` is rounded up to a whole day: to the second it would tell
    when the member logged in, a time that could be matched with their writing.
    """

    member_id = models.BigIntegerField(_("회원 번호"), null=True, db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "세션")
        verbose_name_plural = pgettext_lazy("plural", "세션")

    @classmethod
    def get_session_store_class(cls) -> type[SessionBase]:
        from madang.accounts.sessions import SessionStore

        return SessionStore
