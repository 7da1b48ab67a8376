"""Whether a new post is an article its board already holds (docs/news.md).

The story a new post brings (``duplicates.Story``: the keys of its links, with the
canonical addresses their previews gave, and its title) is looked for in the board's
window (``windows``). The earlier posts found are read through the visibility rule
for the writer (``visibility.listed``): a silently banned writer's posts count for
themselves and for nobody else, and a deleted or hidden post counts for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from madang.boards import visibility
from madang.boards.models import Board, Duplicates, Post
from madang.boards.visibility import Viewer
from madang.news import windows
from madang.news.duplicates import Story
from madang.news.links import digest, links_of
from madang.news.models import LinkPreview
from madang.news.normalize import canonical_alias
from madang.news.titles import Title

SHOWN = 5  # earlier posts named to the writer


@dataclass(frozen=True)
class Earlier:
    post: Post
    same_link: bool  # else a title nearly the same


def story_of(title: str, source_url: str = "", body_html: str = "") -> Story:
    """A new post's story: its links' keys, the canonical keys of the previews already
    fetched for them, and its title."""
    links = links_of(source_url, body_html)
    keys = {key for _kind, _url, key in links}
    if links:
        previews = LinkPreview.objects.filter(
            digest__in=[digest(key) for key in keys], state=LinkPreview.State.READY
        ).exclude(canonical_url="")
        for preview in previews.only("final_url", "url", "canonical_url"):
            alias = canonical_alias(preview.final_url or preview.url, preview.canonical_url)
            if alias is not None:
                keys.add(alias)
    return Story(keys=frozenset(keys), title=Title.of(title))


def earlier_posts(
    board: Board, viewer: Viewer, title: str, source_url: str = "", body_html: str = ""
) -> list[Earlier]:
    """The board's posts of the same story within its window, newest first; none where
    the board does not look (``Duplicates.OFF``)."""
    if board.duplicates == Duplicates.OFF:
        return []
    story = story_of(title, source_url, body_html)
    found = windows.repeats(board, story)
    if not found:
        return []
    posts = (
        Post.objects.filter(visibility.listed(viewer), pk__in=found, board=board)
        .select_related("category")
        .only("pk", "board_id", "number", "title", "created_at", "category__name", "board__slug")
        .select_related("board")
        .order_by("-created_at")[:SHOWN]
    )
    same_keys = windows.keys_of(board, [post.pk for post in posts])
    return [Earlier(post, bool(same_keys.get(post.pk, frozenset()) & story.keys)) for post in posts]
