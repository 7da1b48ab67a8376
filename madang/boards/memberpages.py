"""Member pages: one shared render for every member, and a small overlay for each.

A member's list or post page differs from another member's in a few places
only: the CSRF token in its forms, the notices they have folded, the posts
their muted words hide. So the page is rendered once for a neutral member, who
has read, muted, scrapped and written nothing, and cached like a guest page
under the board's and the site's generations (hidden categories change the
rows and the page numbers, so each set of them is its own render). Each member
then gets that render with their overlay applied: plain replacements of markup
the same templates produced, with no template engine and no query.

A member whose page differs in more than that gets a page rendered for them
alone: moderators of the board, members with silently banned writing on it,
the post's author, anyone with a comment on the post (their own lines carry
their controls, and their held or hidden writing shows to them) or a scrap of
it, and anyone with a one-time message waiting. The shared render of a post
records who those are (``PageFacts.traces``): keyed hashes of the post and their
author reference or member key, which a copy of the cache cannot match with
anyone, nor with the same person on another post, without the data key.

A member may have written a moment ago, so their pages are looked up under the
generations as the cache holds them (read with their overlay, in one round
trip), not as this process last saw them: what they get was rendered after
their write.

The overlay (reading filters, read notices, moderated boards, boards holding
the member's silently banned posts, the count on the header's bell) is cached
under the member's author reference, sealed (``madang.accounts.sealed``: a copy
of the cache must not tie members to their activity or their writing), and
forgotten after every change to any of it (``boards.overlays.forget``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from madang.accounts import sealed
from madang.accounts.crypto import keyed_hash
from madang.accounts.memberkeys import member_keys
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import overlays, paging
from madang.boards.models import Post
from madang.boards.notices import all_read_notice_ids
from madang.boards.preferences import Filters, filters_for
from madang.boards.scraps import scrapper_keys
from madang.boards.visibility import Viewer
from madang.boards.votes import DOWN, UP, recent_votes
from madang.core import pagecache, pagequery
from madang.core.dbrouter import primary_reads

OVERLAY_TTL = 300  # seconds; every change forgets the overlay sooner
CSRF_PLACEHOLDER = "madang-csrf-placeholder"  # where each member's token goes
# The field ``csrf_field()`` (core/templating.py) writes with the placeholder: the overlay
# replaces this markup alone. The placeholder's text elsewhere (a title, a link a writer
# put in a post) stays as written; a writer cannot make this markup, since the post body
# allows no <input> (core/sanitize.py) and every other value is escaped.
_CSRF_FIELD = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
SHARED_VIEWER = "~member"  # the neutral member's author reference: matches no writer
TRACE_LENGTH = 16  # hex digits of a trace: 64 bits, so a stranger's never matches by chance
_NOTICE_ROW = '<tr class="notice" data-notice="{}">'
_FOLDED_ROW = '<tr class="notice folded" data-notice="{}">'
# "모든 공지 확인하기 (N)" as boards/_list.html writes it for a render that folds nothing.
_HIDDEN_TOGGLE = b"data-notice-toggle hidden>"
_FOLDED_COUNT = "<span data-folded-count>{}</span>"
# A vote button as boards/_votes.html writes it: value, value, " button-on" or "", pressed.
_VOTE_BUTTON = (
    '<button type="submit" name="value" value="{}" class="button vote-button vote-{}{}"'
    ' aria-pressed="{}">'
)


def page_number(value: str) -> str | None:
    number = paging.parse_page(value)
    if number is None:
        return value  # the view refuses it, and its 404 is not kept
    return None if number == 1 else str(number)


# The query parameters the cached board pages read, for guests and members alike: their
# page keys hold these alone (core/pagequery.py). The home page reads none.
LIST_READS: pagequery.Reads = {
    "page": page_number,
    "category": pagequery.text,
    "best": pagequery.text,
}
POST_READS: pagequery.Reads = {"category": pagequery.text, "best": pagequery.text}


@dataclass(frozen=True)
class PageFacts:
    """What a view knew while rendering a page, kept with the page in the cache."""

    post_id: int | None = None
    # Every listed post: the key of its row (its number on a board's page, its id on a page
    # of many boards, such as /hot/) and its title.
    rows: tuple[tuple[int, str], ...] = ()
    notices: tuple[tuple[int, int], ...] = ()  # notice id, its post's id
    # Who wrote the post, commented on it or scrapped it (shared renders of a post
    # only), as ``trace``s: no author reference, no member key, nothing without the key.
    traces: frozenset[str] = frozenset()


def trace(post_id: int, kind: str, value: str) -> str:
    """A keyed hash (under the data key) of one person on one post: their author
    reference (``kind`` "author") or their member key ("reader"). The post is in the
    hash, so the same person leaves unrelated traces on two posts."""
    return keyed_hash(f"{post_id}:{kind}:{value}", "page-trace")[:TRACE_LENGTH]


def traces_on(post: Post, commenters: Iterable[str]) -> frozenset[str]:
    """``PageFacts.traces`` of the post, once per shared render: ``commenters`` are
    the author references of its comments (``comments.queries.commenter_refs``)."""
    writers = {post.author_ref, *commenters}
    return frozenset(
        [trace(post.pk, "author", ref) for ref in writers]
        + [trace(post.pk, "reader", key) for key in scrapper_keys(post)]
    )


def traces_of_member(post_id: int, member_id: int) -> frozenset[str]:
    """The traces the member would leave on the post, under every configured data key's
    member key (the author reference has one)."""
    return frozenset(
        [trace(post_id, "author", author_ref_for(member_id))]
        + [trace(post_id, "reader", key) for key in member_keys(member_id)]
    )


@dataclass(frozen=True)
class Overlay:
    """The little of a member that changes their pages."""

    filters: Filters
    read_notice_ids: frozenset[int]
    moderated_board_ids: frozenset[int] | None  # None: every board (a site admin)
    shadowed_board_ids: frozenset[int]  # boards holding their silently banned posts
    # (post id, vote) on the newest posts they voted on (boards/votes.py); a default, so
    # that an overlay sealed before votes existed still reads
    votes: tuple[tuple[int, int], ...] = ()
    # their notifications not yet read, for the header's bell (boards/overlays.py); a
    # default for the same reason
    unread_notifications: int = 0

    def moderates(self, board_id: int | None) -> bool:
        """Whether they moderate the board; for a page of many boards (None), any board."""
        if self.moderated_board_ids is None:
            return True
        if board_id is None:
            return bool(self.moderated_board_ids)
        return board_id in self.moderated_board_ids

    def has_shadowed(self, board_id: int | None) -> bool:
        if board_id is None:
            return bool(self.shadowed_board_ids)
        return board_id in self.shadowed_board_ids


def _overlay_and_generations(
    member: Member, author_ref: str, viewer: Viewer, board_id: int | None
) -> tuple[Overlay, list[str]] | None:
    """The member's overlay and the board's generations as the cache holds them now,
    in one round trip; the overlay is built and kept when the cache lacks it. None
    when the cache is away: then nothing is shared."""
    key = sealed.key(overlays.KIND, author_ref)
    try:
        generations, found = pagecache.read_fresh(board_id, key)
    except Exception:
        return None
    overlay = sealed.unseal(found.get(key))
    if not isinstance(overlay, Overlay):
        with primary_reads():  # a replica may not have replayed the change that dropped it
            overlay = _build_overlay(member, author_ref, viewer)
        sealed.put(overlays.KIND, author_ref, overlay, OVERLAY_TTL)
    return overlay, generations


def _build_overlay(member: Member, author_ref: str, viewer: Viewer) -> Overlay:
    moderated = viewer.moderated_board_ids  # found when first asked for, here
    return Overlay(
        filters=filters_for(member),
        read_notice_ids=all_read_notice_ids(member.pk),
        moderated_board_ids=None if moderated is None else frozenset(moderated),
        shadowed_board_ids=frozenset(
            Post.objects.filter(author_ref=author_ref, status=Post.Status.SHADOWED)
            .values_list("board_id", flat=True)
            .distinct()
        ),
        votes=recent_votes(member.pk),
        unread_notifications=overlays.bell().unread(author_ref),
    )


def _variant(overlay: Overlay) -> str:
    # Hidden categories change the rows and the page numbers: one render per set,
    # named by a keyed hash so that the cache does not list who hides what.
    excluded = overlay.filters.excluded_category_ids
    if not excluded:
        return "member"
    return "member-" + keyed_hash(",".join(map(str, sorted(excluded))), "page-variant")[:16]


def shared_filters(overlay: Overlay) -> Filters:
    """The filters a shared render applies: the hidden categories alone."""
    return Filters(excluded_category_ids=overlay.filters.excluded_category_ids)


def member_page(
    request: HttpRequest,
    board_id: int | None,
    render_shared: Callable[[Filters], HttpResponse],
    viewer: Viewer,
    mark_read: Callable[[Iterable[int]], None] | None = None,
    reads: pagequery.Reads = pagequery.NOTHING,
) -> HttpResponse | None:
    """The member's page from the shared render, or None when theirs must be their own.

    ``render_shared(filters)`` renders the page for the neutral member with
    those filters. ``viewer`` is the member as the visibility rule knows them
    (``moderation.permissions.viewer_of``): the boards they moderate are read
    from it when their overlay is built. ``mark_read(notice_ids)`` marks notices read when the page
    is one of them (post pages). ``reads``: the query parameters the page reads.
    ``board_id`` is None for a page of many boards (/hot/): their moderators and members
    with silently banned posts anywhere get a page of their own.
    """
    member = request.user
    if not pagecache.enabled() or not isinstance(member, Member) or "messages" in request.COOKIES:
        return None
    author_ref = author_ref_for(member.pk)
    read = _overlay_and_generations(member, author_ref, viewer, board_id)
    if read is None:
        return None
    overlay, generations = read
    if overlay.moderates(board_id) or overlay.has_shadowed(board_id):
        return None
    page = pagecache.shared_page(
        request,
        board_id,
        lambda: render_shared(shared_filters(overlay)),
        variant=_variant(overlay),
        generations=generations,
        reads=reads,
    )
    if isinstance(page, HttpResponse):
        return None  # a redirect, a missing page, or the cache is away: render it for them
    facts: PageFacts = page.facts
    if facts.rows and all(overlay.filters.mutes(title) for _number, title in facts.rows):
        return None  # their page says the list is empty, in words of its own
    if facts.post_id is not None:
        if facts.traces & traces_of_member(facts.post_id, member.pk):
            return None  # the author, a commenter or a scrapper: their page is their own
        opened = [notice for notice, post in facts.notices if post == facts.post_id]
        if opened and mark_read is not None and not set(opened) <= overlay.read_notice_ids:
            mark_read(opened)
            overlay = _build_overlay(member, author_ref, viewer)
    content = apply_overlay(page.content, overlay, facts, get_token(request))
    response = page.response(content)
    response["X-Madang-Cache"] = "member" if page.hit else "member-render"
    return response


def _row_pattern(number: int) -> re.Pattern[bytes]:
    return re.compile(rf'\s*<tr data-number="{number}"[^>]*>.*?</tr>'.encode(), re.DOTALL)


def apply_overlay(content: bytes, overlay: Overlay, facts: PageFacts, csrf_token: str) -> bytes:
    """The shared render as this member sees it. The page is worked on as UTF-8 bytes
    (every marker is ASCII): decoding and encoding 100 KB of Korean cost more than
    the rest of the overlay."""
    content = content.replace(
        _CSRF_FIELD.format(CSRF_PLACEHOLDER).encode(), _CSRF_FIELD.format(csrf_token).encode()
    )
    folded = 0
    for notice_id, _post in facts.notices:
        if notice_id in overlay.read_notice_ids:
            folded += 1
            content = content.replace(
                _NOTICE_ROW.format(notice_id).encode(), _FOLDED_ROW.format(notice_id).encode(), 1
            )
    if folded:
        content = content.replace(_HIDDEN_TOGGLE, b"data-notice-toggle>", 1).replace(
            _FOLDED_COUNT.format(0).encode(), _FOLDED_COUNT.format(folded).encode(), 1
        )
    for number, title in facts.rows:
        if overlay.filters.mutes(title):
            content = _row_pattern(number).sub(b"", content, count=1)
    if facts.post_id is not None:
        content = _press_vote(content, dict(overlay.votes).get(facts.post_id, 0))
    return overlays.ring_bell(content, overlay.unread_notifications)


def _press_vote(content: bytes, vote: int) -> bytes:
    """The member's vote on the post shown pressed, as their own render would show it."""
    if vote not in (UP, DOWN):
        return content
    name = "up" if vote == UP else "down"
    return content.replace(
        _VOTE_BUTTON.format(name, name, "", "false").encode(),
        _VOTE_BUTTON.format(name, name, " button-on", "true").encode(),
        1,
    )
