"""Writing, editing and deleting posts; drafts; scraps; votes.

Nothing a member types is lost: a refused form comes back filled, the browser
keeps a copy of the draft (madang.js), and the server keeps another.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import drafts, queries
from madang.boards.forms import PostForm
from madang.boards.models import Board, Category, Post
from madang.boards.scraps import toggle_scrap
from madang.boards.votes import vote_of
from madang.core.client import client_address
from madang.core.errors import too_many_requests
from madang.core.middleware import editor_page
from madang.moderation.permissions import request_viewer, viewer_of
from madang.writing import gate, submit, votes
from madang.writing.gate import Refusal, Submission, WriteKind


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def draft_key(board: Board, post: Post | None) -> str:
    return f"{board.slug}:{post.number if post else 'new'}"


def _form_page(
    request: HttpRequest,
    board: Board,
    form: PostForm,
    post: Post | None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {
        "board": board,
        "form": form,
        "post": post,
        "draft_key": draft_key(board, post),
        "draft_url": f"{board.get_absolute_url()}draft",
        "restored": False,
        "refusal": None,
        "personal_data": [],
        **extra,
    }
    response = render(request, "boards/write.html", context, status=status)
    if status in (429, 503):
        response["Retry-After"] = str(extra.get("retry_after", 3600))
    return response


def _owned_post(request: HttpRequest, board: Board, number: int) -> Post:
    """The member's own post; anyone else's is the same 404 as a missing one."""
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    if post.author_ref != author_ref_for(_member(request).pk):
        raise Http404("no such post")
    return post


def _initial_from_draft(member: Member, board: Board, post: Post | None) -> dict[str, Any] | None:
    draft = drafts.draft_for(member=member, board=board, post=post)
    if draft is None:
        return None
    return {
        "category": draft.category_id,
        "title": draft.title,
        "body": draft.body,
        "source_url": draft.source_url,
    }


def _refused(
    request: HttpRequest, board: Board, form: PostForm, post: Post | None, refusal: Refusal
) -> HttpResponse:
    return _form_page(
        request,
        board,
        form,
        post,
        status=refusal.status,
        refusal=None if refusal.findings else refusal.message,
        personal_data=refusal.findings,
        retry_after=refusal.retry_after,
        duplicates=refusal.duplicates,
        may_post_anyway=refusal.may_post_anyway,
    )


def _fields(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """What the post form sends to the gate, the same for writing and editing."""
    return {
        "title": data["title"],
        "body": data["body"],
        "category": data.get("category"),
        "source_url": data.get("source_url") or "",
        "mask_personal_data": data.get("personal_data") == "mask",
        "address": client_address(request),
        "token": data.get("submission") or "",
    }


def _closed(request: HttpRequest, board: Board, refusal: Refusal) -> HttpResponse:
    """The board takes no posts from this member: say who may write, keep nothing to lose."""
    return render(
        request, "boards/closed.html", {"board": board, "message": refusal.message}, status=403
    )


@login_required
@editor_page
def write_post(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = queries.get_board(board_slug)
    member = _member(request)
    viewer = viewer_of(member)
    try:
        gate.check_permission(Submission(WriteKind.NEW_POST, member, board), viewer)
    except Refusal as refusal:
        return _closed(request, board, refusal)
    categories = queries.board_categories(board)
    if request.method != "POST":
        initial = _initial_from_draft(member, board, None)
        if initial is None and (wanted := request.GET.get("category")):
            initial = {"category": next((c.pk for c in categories if c.slug == wanted), None)}
        form = PostForm(initial=initial, board=board, categories=categories)
        return _form_page(
            request, board, form, None, restored=initial is not None and "title" in initial
        )
    form = PostForm(request.POST, board=board, categories=categories)
    if not form.is_valid():
        return _form_page(request, board, form, None, status=400)
    try:
        post, cleared = submit.write_post(
            member=member,
            board=board,
            duplicates_seen=request.POST.get("duplicates_seen") == "1",
            **_fields(request, form.cleaned_data),
        )
    except Refusal as refusal:
        return _refused(request, board, form, None, refusal)
    done = _("글을 올렸습니다.")
    if cleared.status == gate.HELD:
        done = _("글을 받았습니다. 관리자가 살펴본 뒤 게시됩니다.")
    messages.success(request, done, extra_tags=f"draft-done:{draft_key(board, None)}")
    return redirect(post.get_absolute_url())


@login_required
@editor_page
def edit_post(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = _owned_post(request, board, number)
    member = _member(request)
    try:
        submission = Submission(WriteKind.POST_EDIT, member, board, post=post)
        gate.check_permission(submission, viewer_of(member))
    except Refusal as refusal:
        return _closed(request, board, refusal)
    categories = queries.board_categories(board)
    if request.method != "POST":
        initial = _initial_from_draft(member, board, post) or {
            "category": post.category_id,
            "title": post.title,
            "body": post.body_source,
            "source_url": post.source_url,
        }
        form = PostForm(initial=initial, board=board, categories=categories)
        return _form_page(request, board, form, post)
    form = PostForm(request.POST, board=board, categories=categories)
    if not form.is_valid():
        return _form_page(request, board, form, post, status=400)
    try:
        submit.edit_post(member=member, post=post, **_fields(request, form.cleaned_data))
    except Refusal as refusal:
        return _refused(request, board, form, post, refusal)
    messages.success(
        request, _("글을 고쳤습니다."), extra_tags=f"draft-done:{draft_key(board, post)}"
    )
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def delete_post(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = _owned_post(request, board, number)
    try:
        submit.delete_post(post=post)
    except Refusal as refusal:
        messages.error(request, refusal.message)
        return redirect(post.get_absolute_url())
    messages.success(request, _("글을 지웠습니다."))
    return redirect(board.get_absolute_url())


@require_POST
def save_draft(request: HttpRequest, board_slug: str) -> JsonResponse:
    """Autosave from the editor. A lapsed login answers 401; the browser keeps its copy."""
    if not request.user.is_authenticated:
        return JsonResponse({"saved": False, "reason": "login"}, status=401)
    board = queries.get_board(board_slug)
    member = _member(request)
    post = None
    if number := request.POST.get("post", ""):
        if not (number.isascii() and number.isdigit()) or len(number) > 18:
            raise Http404("no such post")
        post = _owned_post(request, board, int(number))
    category = None
    if (category_id := request.POST.get("category", "")).isdigit():
        category = Category.objects.filter(board=board, pk=int(category_id)).first()
    draft = drafts.save_draft(
        member=member,
        board=board,
        post=post,
        title=request.POST.get("title", ""),
        body=request.POST.get("body", ""),
        category=category,
        source_url=request.POST.get("source_url", ""),
    )
    return JsonResponse({"saved": True, "at": draft.updated_at.isoformat()})


@login_required
@require_POST
def scrap(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    scrapped = toggle_scrap(member=_member(request), post=post)
    if request.headers.get("HX-Request"):
        return render(request, "boards/_scrap_button.html", {"post": post, "scrapped": scrapped})
    return redirect(post.get_absolute_url())


def _vote_said(was: int, value: int) -> str:
    if value == votes.UP:
        return _("추천했습니다.")
    if value == votes.DOWN:
        return _("비추천했습니다.")
    return _("추천을 취소했습니다.") if was == votes.UP else _("비추천을 취소했습니다.")


@login_required
@require_POST
def vote(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    """추천 or 비추천; the same again takes it back. Under htmx the vote box comes back
    with what happened in its live region; without JavaScript, the post page."""
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    htmx = bool(request.headers.get("HX-Request"))
    try:
        tally = votes.vote(
            member=_member(request),
            board=board,
            post=post,
            value=request.POST.get("value", ""),
            address=client_address(request),
        )
    except Refusal as refusal:
        mine = vote_of(_member(request), post)
        context = {"board": board, "post": post, "my_vote": mine, "said": refusal.message}
        if refusal.status == 429 and not htmx:
            back = post.get_absolute_url()
            return too_many_requests(request, refusal.message, refusal.retry_after or 60, back)
        template = "boards/_votes.html" if htmx else "boards/refused.html"
        response = render(request, template, context, status=refusal.status)
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    said = _vote_said(tally.was, tally.value)
    if htmx:
        context = {"board": board, "post": post, "my_vote": tally.value, "said": said}
        return render(request, "boards/_votes.html", context)
    messages.success(request, said)
    return redirect(post.get_absolute_url())
