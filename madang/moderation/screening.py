"""What happens to a piece of writing before it is stored: bans and banned words.

Every way of writing (pages today, the API later) calls ``screen`` and obeys it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Board
from madang.moderation.bans import ban_author, screening_ban_state
from madang.moderation.models import Ban
from madang.moderation.words import check_words


@dataclass(frozen=True)
class Screening:
    refusal: str | None = None  # tell the writer, keep their text
    banned: bool = False  # the refusal is a visible ban
    hold: bool = False  # publish only once a moderator approves
    shadow: bool = False  # a silent ban: only the writer will see it


def visible_ban_message(ban: Ban) -> str:
    until = (
        formats.date_format(timezone.localtime(ban.ends_at), "Y.m.d H:i")
        if ban.ends_at
        else _("영구")
    )
    return _("활동이 정지되어 글을 쓸 수 없습니다. 사유: %(reason)s · 기한: %(until)s") % {
        "reason": ban.reason,
        "until": until,
    }


def screen(*, member: Member, board: Board, texts: list[str]) -> Screening:
    author_ref = author_ref_for(member.pk)
    state = screening_ban_state(author_ref, board)
    if state.visible is not None:
        return Screening(refusal=visible_ban_message(state.visible), banned=True)
    verdict = check_words(board, texts)
    if verdict.refuse:
        found = ", ".join(sorted({match.text for _word, match in verdict.refuse}))
        return Screening(refusal=_("쓸 수 없는 말이 들어 있습니다: %(words)s") % {"words": found})
    shadow = state.silent is not None
    if verdict.silent_ban and not shadow:
        word = verdict.silent_ban[0][0]
        ban_author(
            actor=None,
            author_ref=author_ref,
            board=word.board,
            kind=Ban.Kind.SILENT,
            reason=_("금칙어: %(word)s") % {"word": word.pattern},
            days=None,
        )
        shadow = True
    return Screening(hold=bool(verdict.hold) and not shadow, shadow=shadow)
