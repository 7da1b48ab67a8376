from __future__ import annotations

from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AppendOnlyError(Exception):
    """Raised by any attempt to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit records cannot be removed")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be changed")


class Reason(models.TextChoices):
    """A reason the site words itself: stored as a code, shown in the reader's language
    (``moderation.reasons``). What a staff member types is stored as typed."""

    TYPED = "", _("적은 사유")
    BANNED_WORD = "banned_word", _("금칙어")  # the word is kept beside the code
    STAFF = "staff", _("관리자 판단")  # a ban made without a typed reason


class AuditEvent(models.Model):
    """One staff action, written before the action takes effect and kept for good.

    The record names who acted, on what, why and when, and never the result: a
    reveal's record says which post was revealed, not whose it was, so the
    audit log cannot link writing to members either. A record about a role (a
    moderator appointed or removed) names that member: it is about the role,
    not about writing. The application cannot update or delete rows (this model
    refuses, and on PostgreSQL a trigger does too).

    ``actor_id`` 0, named "madang", is the site acting on its own: a banned word
    that bans its writer, or the scheduled job that ends bans whose time ran out.
    ``board_id`` is the board the target belongs to, which decides which board
    moderators read the record; None for site-wide targets (read by site admins
    only) and for records written before the field existed.
    """

    class Action(models.TextChoices):
        REVEAL_AUTHOR = "reveal_author", pgettext_lazy("audit action", "글쓴이 확인")
        APPROVE = "approve", pgettext_lazy("audit action", "승인")
        HIDE = "hide", pgettext_lazy("audit action", "숨김")
        BLIND = "blind", pgettext_lazy("audit action", "가림")
        DELETE = "delete", pgettext_lazy("audit action", "삭제")
        MOVE = "move", pgettext_lazy("audit action", "카테고리 이동")
        LOCK = "lock_comments", pgettext_lazy("audit action", "댓글 잠금")
        UNLOCK = "unlock_comments", pgettext_lazy("audit action", "댓글 잠금 풀기")
        PIN = "pin", pgettext_lazy("audit action", "공지로 고정")
        BAN = "ban", pgettext_lazy("audit action", "차단")
        LIFT_BAN = "lift_ban", pgettext_lazy("audit action", "차단 풀기")
        BANNED_WORD = "banned_word", pgettext_lazy("audit action", "금칙어 변경")
        END_BAN = "end_ban", pgettext_lazy("audit action", "차단 기한 끝")
        APPOINT_MODERATOR = "appoint_moderator", pgettext_lazy("audit action", "게시판 관리자 임명")
        REMOVE_MODERATOR = "remove_moderator", pgettext_lazy("audit action", "게시판 관리자 해임")

    # A plain id and a name kept at the time: the record outlives the staff account.
    actor_id = models.BigIntegerField(_("처리자 번호"))
    actor_name = models.CharField(_("처리자"), max_length=150)
    action = models.CharField(_("동작"), max_length=40, choices=Action.choices)
    target_type = models.CharField(_("대상 종류"), max_length=40)
    target_id = models.BigIntegerField(_("대상 번호"))
    target_label = models.CharField(_("대상"), max_length=300, blank=True)
    # A plain id too: a foreign key would have to change the record when the board goes.
    board_id = models.BigIntegerField(_("게시판 번호"), null=True, blank=True)
    # The typed reason; with a code, the code's argument (a banned word), or nothing.
    reason = models.TextField(_("사유"), blank=True)
    reason_code = models.CharField(
        _("사유 코드"), max_length=20, choices=Reason.choices, default=Reason.TYPED, blank=True
    )
    # Facts the record is shown with, as codes: a ban's kind, a banned word's handling,
    # the fields a change to a banned word changed (``moderation.reasons.describe``).
    details = models.JSONField(_("내용"), default=dict, blank=True)
    created_at = models.DateTimeField(_("시각"), default=timezone.now, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_by_target"),
            models.Index(fields=["board_id", "-created_at"], name="audit_by_board"),
        ]
        verbose_name = pgettext_lazy("model", "감사 기록")
        verbose_name_plural = pgettext_lazy("plural", "감사 기록")

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"
            f" {self.target_label}"
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("audit records cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit records cannot be removed")

    def reason_display(self) -> str:
        from madang.moderation.reasons import describe

        return describe(self)


class BoardModerator(models.Model):
    """A member who moderates one board. Site admins moderate every board."""

    board = models.ForeignKey(
        "boards.Board",
        on_delete=models.CASCADE,
        related_name="moderators",
        verbose_name=_("게시판"),
    )
    member = models.ForeignKey(
        "accounts.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("회원")
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "member"], name="moderator_once_per_board")
        ]
        verbose_name = pgettext_lazy("model", "게시판 관리자")
        verbose_name_plural = pgettext_lazy("plural", "게시판 관리자")

    def __str__(self) -> str:
        return f"{self.member} @ {self.board}"


class BannedWord(models.Model):
    class Action(models.TextChoices):
        REFUSE = "refuse", _("거절 (쓴 사람에게 알림)")
        HOLD = "hold", _("검토 후 게시")
        SILENT_BAN = "silent_ban", _("쓴 사람 무통보 차단")

    pattern = models.CharField(_("단어 또는 정규식"), max_length=300)
    is_regex = models.BooleanField(_("정규식"), default=False)
    exceptions = models.TextField(
        _("예외 단어"),
        blank=True,
        help_text=_("이 단어를 품은 보통 말 (한 줄에 하나): 시발점, 시발역"),
    )
    board = models.ForeignKey(
        "boards.Board",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("비워 두면 모든 게시판에 적용합니다."),
        verbose_name=_("게시판"),
    )
    action = models.CharField(
        _("처리"), max_length=12, choices=Action.choices, default=Action.REFUSE
    )
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["pattern"]
        verbose_name = pgettext_lazy("model", "금칙어")
        verbose_name_plural = pgettext_lazy("plural", "금칙어")

    def __str__(self) -> str:
        return self.pattern

    def clean(self) -> None:
        self.pattern = self.pattern.strip()
        if self.is_regex:
            import regex

            try:
                regex.compile(self.pattern)
            except regex.error as error:
                message = _("정규식이 올바르지 않습니다: %(error)s") % {"error": error}
                raise ValidationError({"pattern": message}) from error

    @property
    def exception_list(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.exceptions.splitlines() if line.strip())


class Ban(models.Model):
    """A member's ban, held by their author reference so that a ban made from a post
    does not tie that post to a member in the database.

    A ban stops being in force when it is lifted (``lifted_at``, by a moderator)
    or when its time runs out (``ends_at``); the scheduled ``end_expired_bans``
    then restores what a silent ban hid and sets ``ended_at``.
    """

    class Kind(models.TextChoices):
        SILENT = "silent", _("무통보")
        VISIBLE = "visible", _("통보")

    author_ref = models.CharField(_("글쓴이 참조"), max_length=64, db_index=True, editable=False)
    board = models.ForeignKey(
        "boards.Board",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("게시판"),
    )
    kind = models.CharField(_("종류"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("사유"), max_length=500, blank=True)  # as in AuditEvent
    reason_code = models.CharField(
        _("사유 코드"), max_length=20, choices=Reason.choices, default=Reason.TYPED, blank=True
    )
    ends_at = models.DateTimeField(_("끝"), null=True, blank=True)
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, editable=False)
    lifted_at = models.DateTimeField(_("푼 때"), null=True, blank=True)
    ended_at = models.DateTimeField(_("기한 끝 처리"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = pgettext_lazy("model", "차단")
        verbose_name_plural = pgettext_lazy("plural", "차단")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reason_display()}"

    def reason_display(self) -> str:
        from madang.moderation.reasons import reason_text

        return reason_text(self.reason_code, self.reason)

    @property
    def permanent(self) -> bool:
        return self.ends_at is None


class Report(models.Model):
    class Reason(models.TextChoices):
        ABUSE = "abuse", _("욕설·비하")
        SPAM = "spam", _("광고·도배")
        PERSONAL = "personal", _("개인정보 노출")
        ILLEGAL = "illegal", _("불법 정보")
        SEXUAL = "sexual", _("음란물")
        OFF_TOPIC = "off_topic", _("게시판 성격에 맞지 않음")
        OTHER = "other", _("기타")

    post = models.ForeignKey(
        "boards.Post",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("글"),
    )
    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("댓글"),
    )
    reporter = models.ForeignKey(
        "accounts.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("신고한 회원")
    )
    reason = models.CharField(_("사유"), max_length=12, choices=Reason.choices)
    text = models.CharField(_("설명"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("신고한 때"), default=timezone.now, editable=False)
    resolved = models.BooleanField(_("처리됨"), default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "post"],
                condition=models.Q(post__isnull=False),
                name="report_post_once",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(comment__isnull=False),
                name="report_comment_once",
            ),
        ]
        verbose_name = pgettext_lazy("model", "신고")
        verbose_name_plural = pgettext_lazy("plural", "신고")

    def __str__(self) -> str:
        return f"{self.get_reason_display()}"
