"""What each feed holds, read through the functions of the pages a guest reads.

A board's feed is the first page of its list (``paging.list_page``, published
posts, newest first), one category's when one is chosen; the notices pinned
above the list are not repeated. The hot feed is the first page of /hot/
(``hot.hot_posts``). Both are read as a guest reads them (``visibility.GUEST``):
feeds have no session, so a member's own shadowed or held posts never show, and
a blinded post shows the page's placeholders. Authors are the anonymous name of
every page; the feed knows nothing else of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from madang.boards import hot, paging, queries, visibility
from madang.boards.models import Board, Post
from madang.boards.models import Category as BoardCategory
from madang.boards.preferences import NO_FILTERS
from madang.core import formatting
from madang.feeds import content, links
from madang.feeds.atom import Category, Entry, Head

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Site:
    """The site as the request reached it: ``root`` is its absolute address
    (``https://example.org/``), ``authority`` its host name, for entry ids."""

    root: str
    authority: str

    def url(self, path: str) -> str:
        return urljoin(self.root, path)


def board_posts(board: Board, category: BoardCategory | None) -> list[Post]:
    """The posts of the board's first list page, as a guest reads it, with their bodies."""
    rows = paging.list_page(board, category, 1).rows
    for row in rows:
        row.board = board
    return _with_bodies(visibility.present(rows, visibility.GUEST))


def hot_posts() -> list[Post]:
    """The posts of the first page of /hot/, as a guest reads it, with their bodies."""
    boards = hot.shown_boards(queries.listed_boards(), visibility.GUEST)
    return _with_bodies(hot.hot_posts(boards, visibility.GUEST, NO_FILTERS, limit=hot.PER_PAGE))


def _with_bodies(posts: list[Post]) -> list[Post]:
    """The posts with their bodies and sources, which lists leave out: one query more."""
    found = Post.objects.filter(pk__in=[post.pk for post in posts])
    bodies = {
        pk: (body, source)
        for pk, body, source in found.values_list("pk", "body_html", "source_url")
    }
    for post in posts:
        post.body_html, post.source_url = bodies.get(post.pk, ("", ""))
    return posts


def entry_id(post: Post, site: Site) -> str:
    """A tag URI (RFC 4151) from the board and the number, which never change and are
    never given twice, dated by the post's day: the same whether the feed is read over
    http or https."""
    day = timezone.localtime(post.created_at).date().isoformat()
    return f"tag:{site.authority},{day}:/{post.board.slug}/{post.number}"


def entry(post: Post, site: Site, *, with_board: bool = False) -> Entry:
    board = post.board
    categories = []
    if with_board:
        categories.append(Category(board.slug, board.name, site.root))
    if post.category is not None:
        scheme = site.url(board.get_absolute_url())
        categories.append(Category(post.category.slug, post.category.name, scheme))
    return Entry(
        id=entry_id(post, site),
        title=formatting.shown_title(post),
        link=site.url(post.get_absolute_url()),
        published=post.created_at,
        updated=post.edited_at or post.created_at,
        author=settings.MADANG_ANONYMOUS_NAME,
        content_html=content.shown_body(
            post.body_html, post.source_url, formatting.is_veiled(post), site.root
        ),
        categories=tuple(categories),
    )


def board_feed(site: Site, board: Board, category: BoardCategory | None) -> Head:
    title = f"{board.name} · {category.name}" if category else board.name
    self_url = site.url(links.board_feed_path(board, category))
    return Head(
        id=self_url,
        title=f"{title} — {settings.MADANG_SITE_NAME}",
        subtitle=board.description,
        self_url=self_url,
        alternate_url=site.url(links.with_category(board.get_absolute_url(), category)),
        author=settings.MADANG_SITE_NAME,
        language=settings.LANGUAGE_CODE,
        quiet_since=board.created_at,
        entries=[entry(post, site) for post in board_posts(board, category)],
    )


def hot_feed(site: Site) -> Head:
    self_url = site.url(reverse("hot-feed"))
    return Head(
        id=self_url,
        title=f"{_('핫 게시판')} — {settings.MADANG_SITE_NAME}",
        self_url=self_url,
        alternate_url=site.url(reverse("hot")),
        author=settings.MADANG_SITE_NAME,
        language=settings.LANGUAGE_CODE,
        quiet_since=EPOCH,
        entries=[entry(post, site, with_board=True) for post in hot_posts()],
    )
