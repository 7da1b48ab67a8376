"""Reasons and details of bans and audit records, in the reader's language.

What the site says on its own (a ban for a banned word, a ban without a typed
reason, a ban's kind, how a banned word is handled, which of its fields a change
touched) is stored as codes and worded here, when it is read: a moderator who
reads English sees English, whichever language the request that wrote it used.
What a staff member typed is stored and shown as typed. The audit log is
append-only, so these codes are its stored form for good (docs/moderation.md).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from madang.moderation.models import AuditEvent, Ban, BannedWord, Reason


def reason_text(code: str, reason: str) -> str:
    """A ban's or a record's reason: the code's wording, or what was typed."""
    if code == Reason.BANNED_WORD:
        return gettext("금칙어: %(word)s") % {"word": reason}
    if code == Reason.STAFF:
        return gettext("관리자 판단")
    return reason


def ban_reason(ban: Ban) -> str:
    return reason_text(ban.reason_code, ban.reason)


# A banned word's fields that a change records, with how each value is stored.
WORD_FIELDS = ("is_regex", "exceptions", "board", "action")


def word_value(field: str, word: BannedWord) -> Any:
    """A field's value as a change records it: the board by its address, None for all."""
    if field == "board":
        return word.board.slug if word.board is not None else None
    return getattr(word, field)


def _shown_value(field: str, value: Any) -> str:
    if field == "board":
        return value or gettext("모든 게시판")
    if field == "action":
        return _choice(BannedWord.Action, value)
    if field == "is_regex":
        return gettext("예") if value else gettext("아니요")
    return str(value) if value else gettext("(없음)")


def _choice(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a code this version does not know: shown as stored
        return value


def _field_label(field: str) -> str:
    return str(getattr(BannedWord._meta.get_field(field), "verbose_name", field))


def describe(event: AuditEvent) -> str:
    """The reason column of an audit record: its details, then its reason."""
    details = event.details or {}
    parts: list[str] = []
    if details.get("ban_kind"):
        parts.append(_choice(Ban.Kind, details["ban_kind"]))
    if details.get("word_action"):
        label = _choice(BannedWord.Action, details["word_action"])
        parts.append(gettext("처리: %(action)s") % {"action": label})
    for field, before, after in details.get("changes", []):
        parts.append(
            f"{_field_label(field)}: {_shown_value(field, before)} → {_shown_value(field, after)}"
        )
    text = reason_text(event.reason_code, event.reason)
    if text:
        parts.append(text)
    return " · ".join(parts)
