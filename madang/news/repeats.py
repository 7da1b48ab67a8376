"""The posts that repeat an earlier post of their board, for moderators (/mod/duplicates/).

Each board's recent stories (``RecentTitle``) are walked oldest first through a
``duplicates.Window``, each new post compared with those before it, as the gate
compared it when it was written. Only the newest ``CHECKED`` posts of a board are
compared (each comparison is well under a millisecond); the older ones stand in the
window for them. Moderators see every status but deleted: a silently banned
writer's copy is theirs to see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from madang.boards.models import Board, Duplicates, Post
from madang.news.duplicates import Story, Window
from madang.news.models import RecentTitle
from madang.news.titles import Title

CHECKED = 300  # newest posts of a board compared with the window
SHOWN = 50


@dataclass(frozen=True)
class Repeat:
    post: Post
    earlier: list[tuple[Post, bool]]  # each earlier post, and whether by the same link


def repeated_posts(board_ids: set[int] | None) -> list[Repeat]:
    """The newest posts repeating an earlier one, in the boards given (None: all)."""
    boards = Board.objects.exclude(duplicates=Duplicates.OFF)
    if board_ids is not None:
        boards = boards.filter(pk__in=board_ids)
    found: dict[int, list[tuple[int, bool]]] = {}
    for board in boards:
        found.update(_board_repeats(board))
    ids = set(found) | {pk for pairs in found.values() for pk, _same in pairs}
    posts = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids)
        .exclude(status=Post.Status.DELETED)
        .select_related("board", "category")
        .defer("body_source", "body_html")
    }
    repeats = [
        Repeat(posts[pk], [(posts[other], same) for other, same in pairs if other in posts])
        for pk, pairs in found.items()
        if pk in posts
    ]
    repeats = [repeat for repeat in repeats if repeat.earlier]
    repeats.sort(key=lambda repeat: repeat.post.created_at, reverse=True)
    return repeats[:SHOWN]


def _board_repeats(board: Board) -> dict[int, list[tuple[int, bool]]]:
    since = timezone.now() - timedelta(hours=board.duplicate_window_hours)
    rows = list(
        RecentTitle.objects.filter(board=board, created_at__gte=since)
        .order_by("created_at", "pk")
        .values_list("post_id", "title", "keys")
    )
    checked_from = max(0, len(rows) - CHECKED)
    window = Window()
    linked: dict[int, frozenset[str]] = {}  # each post's link keys
    found: dict[int, list[tuple[int, bool]]] = {}
    for index, (post_id, title, keys) in enumerate(rows):
        story = Story(keys=frozenset(keys.split()), title=Title.from_normalised(title))
        if index >= checked_from:
            earlier = [pk for pk in window.repeats(story) if isinstance(pk, int)]
            if earlier:
                found[post_id] = [(pk, bool(linked[pk] & story.keys)) for pk in earlier]
        window.add(post_id, story)
        linked[post_id] = story.keys
    return found
