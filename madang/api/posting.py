"""A member's writes on posts: writing, editing and deleting their own, scraps, votes.

Each goes the way the pages go (``boards/writing_views.py``): the page's form
checks the fields, the writing gate (``writing.submit``, ``writing.votes``)
checks the rest, and its refusals come back with the gate's message and status.
Another member's post is the same 404 as a missing one.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.responses import Status

from madang.accounts.models import Member
from madang.api import auth, present
from madang.api.auth import caller_of
from madang.api.boards import Number, Slug, router
from madang.api.errors import Invalid, answers
from madang.api.forms import form_errors
from madang.api.schemas import PostIn, PostWritten, ScrapOut, VoteIn, VoteOut
from madang.boards import queries, visibility
from madang.boards.forms import PostForm
from madang.boards.models import Board, Post
from madang.boards.scraps import has_scrapped, toggle_scrap
from madang.boards.visibility import Viewer
from madang.core.client import client_address
from madang.moderation.permissions import viewer_of
from madang.writing import gate, submit, votes
from madang.writing.gate import Submission, WriteKind

# On the boards' router: a path takes its methods from one router (ninja routes each
# router's paths on their own), and writes share their paths with reads.
WRITING: dict[str, Any] = {"auth": auth.WRITE, "tags": ["writing"]}


def _member(request: HttpRequest) -> Member:
    member = caller_of(request).member
    assert member is not None  # auth.WRITE lets in members only
    return member


def _fields(request: HttpRequest, board: Board, data: PostIn) -> dict[str, Any]:
    """The post's fields, checked by the page's form; a category by its slug."""
    categories = queries.board_categories(board)
    category_id: int | str = ""
    if data.category:
        found = next((c for c in categories if c.slug == data.category), None)
        if found is None:
            raise Invalid({"category": [_("이 게시판에 없는 카테고리입니다.")]})
        category_id = found.pk
    sent = {
        "title": data.title,
        "body": data.body,
        "category": category_id,
        "source_url": data.source_url,
    }
    form = PostForm(sent, board=board, categories=categories)
    if not form.is_valid():
        raise Invalid(form_errors(form))
    cleaned = form.cleaned_data
    return {
        "title": cleaned["title"],
        "body": cleaned["body"],
        "category": cleaned.get("category"),
        "source_url": cleaned.get("source_url") or "",
        "mask_personal_data": data.mask_personal_data,
        "address": client_address(request),
        "token": data.submission,
    }


def _written(post: Post, board: Board, viewer: Viewer, status: str) -> dict[str, Any]:
    post.board = board
    visibility.present([post], viewer)
    shown = "held" if status == gate.HELD else "published"
    return {"status": shown, "post": present.post_out(post, viewer, scrapped=False)}


@router.post(
    "/boards/{slug}/posts", response=answers({201: PostWritten}, 403, 404, 409, 400), **WRITING
)
def write_post(request: HttpRequest, slug: Slug, data: PostIn) -> Status:
    """A new post, through the writing gate; ``held`` posts wait for a moderator."""
    member = _member(request)
    board = queries.get_board(slug)
    viewer = viewer_of(member)
    gate.check_permission(Submission(WriteKind.NEW_POST, member, board), viewer)
    post, cleared = submit.write_post(
        member=member,
        board=board,
        duplicates_seen=data.duplicates_seen,
        **_fields(request, board, data),
    )
    return Status(201, _written(post, board, viewer, cleared.status))


def _own_post(member: Member, slug: str, number: int) -> tuple[Board, Post, Viewer]:
    board = queries.get_board(slug)
    viewer = viewer_of(member)
    post = queries.get_post_for_viewer(board, number, viewer)
    if not visibility.is_own(post, viewer):
        raise Http404("no such post")
    return board, post, viewer


@router.put(
    "/boards/{slug}/posts/{number}", response=answers({200: PostWritten}, 403, 404, 400), **WRITING
)
def edit_post(request: HttpRequest, slug: Slug, number: Number, data: PostIn) -> dict[str, Any]:
    """The caller's own post, changed through the writing gate."""
    member = _member(request)
    board, post, viewer = _own_post(member, slug, number)
    gate.check_permission(Submission(WriteKind.POST_EDIT, member, board, post=post), viewer)
    post, cleared = submit.edit_post(member=member, post=post, **_fields(request, board, data))
    return _written(post, board, viewer, cleared.status)


@router.delete("/boards/{slug}/posts/{number}", response=answers({204: None}, 403, 404), **WRITING)
def delete_post(request: HttpRequest, slug: Slug, number: Number) -> Status:
    """The caller's own post, unless the board locks it under its comments (403)."""
    _board, post, _viewer = _own_post(_member(request), slug, number)
    submit.delete_post(post=post)
    return Status(204, None)


def _readable_post(member: Member, slug: str, number: int) -> tuple[Board, Post]:
    board = queries.get_board(slug)
    return board, queries.get_post_for_viewer(board, number, viewer_of(member))


def _scrap(request: HttpRequest, slug: str, number: int, wanted: bool) -> dict[str, Any]:
    member = _member(request)
    _board, post = _readable_post(member, slug, number)
    scrapped = has_scrapped(member, post)
    if scrapped != wanted:
        scrapped = toggle_scrap(member=member, post=post)
    return {"scrapped": scrapped, "scrap_count": post.scrap_count}


@router.put(
    "/boards/{slug}/posts/{number}/scrap", response=answers({200: ScrapOut}, 403, 404), **WRITING
)
def scrap(request: HttpRequest, slug: Slug, number: Number) -> dict[str, Any]:
    """Keep the post in the caller's scraps (again: nothing changes)."""
    return _scrap(request, slug, number, True)


@router.delete(
    "/boards/{slug}/posts/{number}/scrap", response=answers({200: ScrapOut}, 403, 404), **WRITING
)
def unscrap(request: HttpRequest, slug: Slug, number: Number) -> dict[str, Any]:
    """Take the post out of the caller's scraps."""
    return _scrap(request, slug, number, False)


@router.post(
    "/boards/{slug}/posts/{number}/vote",
    response=answers({200: VoteOut}, 403, 404, 409, 400),
    **WRITING,
)
def vote(request: HttpRequest, slug: Slug, number: Number, data: VoteIn) -> dict[str, Any]:
    """추천 (``up``) or 비추천 (``down``); the same again takes it back, as on the page."""
    member = _member(request)
    board, post = _readable_post(member, slug, number)
    tally = votes.vote(
        member=member, board=board, post=post, value=data.value, address=client_address(request)
    )
    return {
        "my_vote": present.vote_name(tally.value),
        "up_count": tally.up,
        "down_count": tally.down,
    }
