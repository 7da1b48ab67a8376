"""Banned words: which apply to a board, and what the strongest match asks for.

Matchers are built from the database once per process and rebuilt when the
words change: at once in the process that changed them, within a second in the
others (a generation in the cache, read through pagecache's one-second memo).
Checking a post costs the matcher's own time.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field

from django.db.models import Q

from madang.boards.models import Board
from madang.core import pagecache
from madang.moderation.matcher import Match, Matcher, Pattern
from madang.moderation.models import BannedWord

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
