"""Searching posts and comments for a reader (docs/search.md).

The entries a query matches (``_matching``): the index's match in the boards
searched, and the recheck of the words the index alone cannot prove (three
syllables and more, mixed scripts, one character) as substrings of the stored
text, in the same SQL, so that counts and pages hold only real matches. What
the reader may see of them (``_visible``): the visibility rule
(``boards.visibility``) on the posts and comments themselves, and the reader's
category, hidden categories and muted words. On SQLite one query joins the two;
on PostgreSQL ``newest.py`` finds the newest candidates first and checks them.
Newest first, as far as the block of page links shown needs; by relevance,
within the newest ``MADANG_SEARCH_MAX_RESULTS`` matches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import router
from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.functions import Least, Length, Replace
from markupsafe import Markup

from madang.boards import paging, visibility
from madang.boards.models import Board, Post
from madang.boards.visibility import Viewer
from madang.comments.models import Comment
from madang.search import engine
from madang.search.highlight import excerpt, marked
from madang.search.models import CommentEntry, PostEntry
from madang.search.newest import newest
from madang.search.query import Query
from madang.search.text import html_text

# Where a search looks (``?in=``): the first is the default.
FIELDS = (engine.TITLE_BODY, engine.TITLE, engine.BODY, "comments")
COMMENTS = "comments"
NEW, RELEVANCE = "new", "relevance"
ORDERS = (NEW, RELEVANCE)


@dataclass(frozen=True)
class Scope:
    """Where to search, for whom: the boards (each one the reader may read), a
    category, and the reader's own filters."""

    boards: Sequence[Board]
    category_id: int | None = None
    hidden_categories: frozenset[int] = frozenset()
    muted_words: tuple[str, ...] = ()


@dataclass
class Hit:
    post: Post
    title: Markup
    excerpt: Markup
    comment: Comment | None = None


@dataclass
class Results(paging.PageBlocks):
    hits: list[Hit]
    number: int
    per_page: int
    counted: int  # matches found, up to what this page needed (see ``more``)
    more: bool  # there are matches past ``counted``
    capped: bool  # the matches went past MADANG_SEARCH_MAX_RESULTS
    scanned: int | None = None  # one-character words: the newest titles read
    links: list[int] = field(default_factory=list)

    @property
    def last_page(self) -> int:  # type: ignore[override]  # counted here, stored on a list page
        return paging.last_page_for(self.counted, self.per_page) + (1 if self.more else 0)


def max_results() -> int:
    return int(settings.MADANG_SEARCH_MAX_RESULTS)


def max_page() -> int:
    return max(1, max_results() // paging.posts_per_page())


def search(
    *, viewer: Viewer, query: Query, scope: Scope, field: str, order: str, page: int
) -> Results:
    """Page ``page`` of what ``query`` finds in ``field`` for ``viewer``; SearchTimeout
    past ``MADANG_SEARCH_TIMEOUT`` seconds."""
    per_page = paging.posts_per_page()
    if not query:
        return Results(hits=[], number=1, per_page=per_page, counted=0, more=False, capped=False)
    page = min(page, max_page())
    block_end = min(-(-page // paging.PAGE_LINKS) * paging.PAGE_LINKS, max_page())
    wanted = max_results() if order == RELEVANCE else block_end * per_page
    comments = field == COMMENTS
    using = router.db_for_read(CommentEntry if comments else PostEntry)
    kind = engine.COMMENTS if comments else engine.POSTS
    key = engine.KEYS[kind]
    with engine.time_bound(using, float(settings.MADANG_SEARCH_TIMEOUT)):
        matching, scanned = _matching(query, scope, field, using)
        visible = _visible(viewer, scope, comments)
        if engine.vendor(using) == "postgresql" and query.indexed:
            ids = newest(
                matching,
                visible,
                kind=kind,
                query=query,
                board_ids=[board.pk for board in scope.boards],
                rows=_rows(kind, scope, using),
                limit=wanted + 1,
                using=using,
            )
        else:
            found = matching.filter(visible).order_by("-created_at", f"-{key}")
            ids = list(found.values_list(key, flat=True)[: wanted + 1])
        more = len(ids) > wanted
        ids = ids[:wanted]
        if order == RELEVANCE:
            ids = _by_relevance(matching, key, ids, query, field)
        shown = ids[(page - 1) * per_page : page * per_page]
        hits = (
            _comment_hits(shown, query, viewer)
            if comments
            else _post_hits(shown, query, field, viewer)
        )
    results = Results(
        hits=hits,
        number=page,
        per_page=per_page,
        counted=len(ids),
        more=more and order == NEW and block_end < max_page(),
        capped=more and (order == RELEVANCE or block_end >= max_page()),
        scanned=scanned,
    )
    results.links = paging.page_links(page, min(results.last_page, max_page()))
    return results


def _rows(kind: str, scope: Scope, using: str) -> int:
    """About how many entries a search of the scope reads: its boards' posts; for
    comments, PostgreSQL's estimate of them all (no board counts its comments)."""
    if kind == engine.POSTS:
        return sum(board.post_count for board in scope.boards)
    return max(1, engine.term_shares(kind, using)[2])


def _matching(query: Query, scope: Scope, field: str, using: str) -> tuple[QuerySet, int | None]:
    """The entries of the scope's boards that ``query`` matches in ``field``, whoever
    reads: the index's match, and the recheck of the words it cannot prove."""
    comments = field == COMMENTS
    model = CommentEntry if comments else PostEntry
    kind = engine.COMMENTS if comments else engine.POSTS
    key = engine.KEYS[kind]
    board_ids = [board.pk for board in scope.boards]
    entries: QuerySet = model.objects.using(using).filter(board_id__in=board_ids)
    if not comments:
        for muted in scope.muted_words:  # muted words hide titles (comments: below)
            entries = entries.exclude(title__contains=muted)
    scanned = None
    stored = engine.BODY if comments else field
    if query.indexed:
        entries = entries.filter(engine.match(kind, query, stored, using))
    else:
        # Only words of one character: the index holds no term for them, so the newest
        # titles (comments) are read instead, and no more of them than this.
        scanned = int(settings.MADANG_SEARCH_SCAN)
        newest_entries = (
            model.objects.using(using)
            .filter(board_id__in=board_ids)
            .order_by("-created_at", f"-{key}")
            .values(key)[:scanned]
        )
        entries = entries.filter(**{f"{key}__in": newest_entries})
        if not comments:
            stored = engine.TITLE
    for word in query.words:
        if not word.exact and not word.initials:
            entries = entries.filter(_contains(word.text, stored))
    return entries, scanned


def _visible(viewer: Viewer, scope: Scope, comments: bool) -> Q:
    """What of the entries this reader may see (the visibility rule on the posts and
    comments themselves) and has not filtered out (a category, hidden ones, muted words)."""
    if comments:
        shown = (
            visibility.listed(viewer, "comment__")
            & visibility.unveiled(viewer, "comment__")
            & visibility.listed(viewer, "post__")
        )
        for muted in scope.muted_words:
            shown &= ~Q(post__title__icontains=muted)
    else:
        shown = visibility.listed(viewer, "post__") & visibility.unveiled(viewer, "post__")
    if scope.category_id is not None:
        shown &= Q(post__category_id=scope.category_id)
    elif scope.hidden_categories:
        shown &= ~Q(post__category_id__in=sorted(scope.hidden_categories))
    return shown


def _contains(text: str, field: str) -> Q:
    """The recheck: the word as a substring of the stored (normalized) text."""
    if field == engine.TITLE:
        return Q(title__contains=text)
    if field == engine.TITLE_BODY:
        return Q(title__contains=text) | Q(body__contains=text)
    return Q(body__contains=text)


def _by_relevance(
    entries: QuerySet, key: str, ids: list[int], query: Query, field: str
) -> list[int]:
    """``ids`` ranked: a word in the title counts 3, each time in the body 1 (up to 3);
    newer first among equals."""
    score: list = []
    for word in query.words:
        if word.initials:
            continue
        text = Value(word.text)
        if field in (engine.TITLE, engine.TITLE_BODY):
            score.append(Case(When(title__contains=word.text, then=Value(3)), default=Value(0)))
        if field != engine.TITLE:
            found = (Length("body") - Length(Replace("body", text, Value("")))) / len(word.text)
            score.append(Least(found, Value(3)))
    if not score:
        return ids
    total = sum(score[1:], score[0])
    ranked = (
        entries.model.objects.using(entries.db)
        .filter(**{f"{key}__in": ids})
        .annotate(score=total)
        .order_by("-score", "-created_at", f"-{key}")
        .values_list(key, flat=True)
    )
    return list(ranked)


def _post_hits(ids: list[int], query: Query, field: str, viewer: Viewer) -> list[Hit]:
    posts = Post.objects.filter(pk__in=ids).select_related("board", "category").defer("body_source")
    by_id = {post.pk: post for post in posts}
    shown = visibility.present([by_id[pk] for pk in ids if pk in by_id], viewer)
    words = query.words
    return [
        Hit(
            post=post,
            title=marked(post.title, words if field != engine.BODY else ()),
            excerpt=excerpt(html_text(post.body_html), words if field != engine.TITLE else ()),
        )
        for post in shown
    ]


def _comment_hits(ids: list[int], query: Query, viewer: Viewer) -> list[Hit]:
    comments = Comment.objects.filter(pk__in=ids).select_related(
        "post", "post__board", "post__category"
    )
    by_id = {comment.pk: comment for comment in comments}
    found = [by_id[pk] for pk in ids if pk in by_id]
    visibility.present([comment.post for comment in found], viewer)
    words = query.words
    return [
        Hit(
            post=comment.post,
            title=marked(comment.post.title, ()),
            excerpt=excerpt(comment.body, words),
            comment=comment,
        )
        for comment in found
    ]
