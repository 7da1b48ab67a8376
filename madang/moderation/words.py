"""Banned words: keeping them, which apply to a board, and what the strongest match asks for.

Words are added, changed and removed only through the actions here, which
check the actor's permission and write the audit record in the same
transaction as the change (the /mod/words/ page and the admin both call them).

Matchers are built from the database once per process and rebuilt when the
words change: at once in the process that changed them, within a second in the
others (a generation in the cache, read through pagecache's one-second memo).
Checking a post costs the matcher's own time.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q

from madang.accounts.models import Member
from madang.boards.models import Board
from madang.core import pagecache
from madang.moderation.audit import record
from madang.moderation.matcher import Match, Matcher, Pattern
from madang.moderation.models import AuditEvent, BannedWord
from madang.moderation.permissions import check_banned_word_permission
from madang.moderation.reasons import WORD_FIELDS, word_value

GENERATION = "banned-words"
_lock = threading.Lock()
_matchers: dict[tuple[int | None, str], tuple[Matcher, dict[int, BannedWord]]] = {}


@dataclass
class WordVerdict:
    refuse: list[tuple[BannedWord, Match]] = field(default_factory=list)
    hold: list[tuple[BannedWord, Match]] = field(default_factory=list)
    silent_ban: list[tuple[BannedWord, Match]] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.refuse or self.hold or self.silent_ban)


def words_changed() -> None:
    """Called by every change to banned words: every process rebuilds its matchers."""
    with _lock:
        _matchers.clear()
    pagecache.touch(GENERATION)


def _version() -> str:
    """A token that changes with the words. A cache that lost it (a restart, a flush)
    gets a new one, so no process can keep using matchers built from older words."""
    try:
        return pagecache.stamp(GENERATION)
    except Exception:  # the cache is away: build afresh rather than trust an old matcher
        return uuid.uuid4().hex


def matcher_for(board: Board | None) -> tuple[Matcher, dict[int, BannedWord]]:
    board_id = board.pk if board is not None else None
    version = _version()
    key = (board_id, version)
    with _lock:
        found = _matchers.get(key)
    if found is not None:
        return found
    scope = Q(board__isnull=True) | Q(board_id=board_id) if board_id else Q(board__isnull=True)
    words = {word.pk: word for word in BannedWord.objects.filter(scope)}
    matcher = Matcher(
        Pattern(
            id=word.pk, text=word.pattern, is_regex=word.is_regex, exceptions=word.exception_list
        )
        for word in words.values()
    )
    with _lock:
        for stale in [k for k in _matchers if k[0] == board_id]:
            del _matchers[stale]
        _matchers[key] = (matcher, words)
    return matcher, words


def check_words(board: Board, texts: list[str]) -> WordVerdict:
    matcher, words = matcher_for(board)
    verdict = WordVerdict()
    for text in texts:
        for match in matcher.find(text):
            word = words[match.pattern_id]
            getattr(verdict, word.action).append((word, match))
    return verdict


def _audit(actor: Member, word: BannedWord, label: str, details: dict[str, Any]) -> None:
    record(
        actor=actor,
        action=AuditEvent.Action.BANNED_WORD,
        target_type="banned_word",
        target_id=word.pk or 0,
        board=word.board_id,
        target_label=label,
        details=details,
    )


def add_banned_word(
    *,
    actor: Member,
    pattern: str,
    board: Board | None,
    action: BannedWord.Action | str = BannedWord.Action.REFUSE,
    is_regex: bool = False,
    exceptions: str = "",
) -> BannedWord:
    check_banned_word_permission(actor, board)
    word = BannedWord(
        pattern=pattern, board=board, action=action, is_regex=is_regex, exceptions=exceptions
    )
    word.full_clean()
    with transaction.atomic():
        word.save()
        _audit(actor, word, f"+ {word.pattern}", {"word_action": str(word.action)})
        words_changed()
    return word


def change_banned_word(
    *,
    actor: Member,
    word: BannedWord,
    pattern: str,
    board: Board | None,
    action: BannedWord.Action | str,
    is_regex: bool,
    exceptions: str,
) -> BannedWord:
    """Change a word, checked against the board it was kept for and the one it goes to."""
    with transaction.atomic():
        stored = (
            BannedWord.objects.select_for_update(of=("self",))
            .select_related("board")
            .get(pk=word.pk)
        )
        check_banned_word_permission(actor, stored.board)
        check_banned_word_permission(actor, board)
        pattern_before = stored.pattern
        before = {name: word_value(name, stored) for name in WORD_FIELDS}
        stored.pattern, stored.board, stored.action = pattern, board, action
        stored.is_regex, stored.exceptions = is_regex, exceptions
        stored.full_clean()
        label = f"~ {pattern_before}"
        if stored.pattern != pattern_before:
            label += f" → {stored.pattern}"
        after = {name: word_value(name, stored) for name in WORD_FIELDS}
        changes = [[name, before[name], after[name]] for name in WORD_FIELDS]
        changed = [change for change in changes if change[1] != change[2]]
        _audit(actor, stored, label, {"changes": changed} if changed else {})
        stored.save()
        words_changed()
    return stored


def remove_banned_word(*, actor: Member, word: BannedWord) -> None:
    with transaction.atomic():
        stored = (
            BannedWord.objects.select_for_update(of=("self",))
            .select_related("board")
            .get(pk=word.pk)
        )
        check_banned_word_permission(actor, stored.board)
        _audit(actor, stored, f"- {stored.pattern}", {})
        stored.delete()
        words_changed()
