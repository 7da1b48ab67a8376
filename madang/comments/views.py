"""Comments on the post page: fragments for htmx, full pages without it.

With htmx, writing a comment answers with everything written since the
reader's last look (their own comment included), so the list never skips
another reader's comment. A refused comment comes back in its form, typed
text intact, through HX-Retarget.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.models import Member
from madang.boards import queries
from madang.boards.forms import CommentForm
from madang.boards.models import Board, Post
from madang.comments import actions
from madang.comments.models import Comment
from madang.comments.queries import comment_line as line_for
from madang.comments.queries import (
    comment_window,
    comments_after,
    placed_comments,
    visible_comments,
)
from madang.core.client import client_address
from madang.moderation.permissions import request_viewer
from madang.writing import submit
from madang.writing.gate import Refusal

MAX_ID = 2**63 - 1


def _id(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_ID:
        raise Http404("not a comment id")
    return int(raw)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _base(request: HttpRequest, board: Board, post: Post) -> dict[str, Any]:
    return {"board": board, "post": post, "viewer_ref": request_viewer(request).author_ref}


def comments(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    """GET: older (``before``) or newer (``after``) comments; POST: write one."""
    if request.method == "POST":
        return _write(request, queries.board_for_writing(board_slug), number)
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    before, after = _id(request.GET.get("before")), _id(request.GET.get("after"))
    if (before is None) == (after is None):
        raise Http404("give exactly one of before and after")
    context = _base(request, board, post)
    if before is not None:
        context["comments"] = comment_window(
            post, per_page=board.comments_per_page, before=before, viewer=request_viewer(request)
        )
        return render(request, "comments/older.html", context)
    assert after is not None
    context["new"] = comments_after(
        post, after=after, shown_from=_id(request.GET.get("from")), viewer=request_viewer(request)
    )
    return render(request, "comments/newer.html", context)


def _write(request: HttpRequest, board: Board, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={board.get_absolute_url()}{number}")
    member = request.user
    assert isinstance(member, Member)
    form = CommentForm(request.POST)
    try:
        post = queries.post_to_comment_on(board, number, request_viewer(request))
    except Http404:
        form.is_valid()
        return _refused(
            request, board, number, form, _("글이 지워져서 댓글을 달 수 없습니다."), 409
        )
    if not form.is_valid():
        return _refused(request, board, number, form, None, 400)
    parent = None
    if parent_id := form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=parent_id, post=post).first()
        if parent is None:
            return _refused(
                request, board, number, form, _("지워진 댓글에는 답글을 달 수 없습니다."), 409
            )
    try:
        comment, _cleared = submit.write_comment(
            member=member,
            post=post,
            body=form.cleaned_data["body"],
            parent=parent,
            mask_personal_data=form.cleaned_data.get("personal_data") == "mask",
            address=client_address(request),
            token=form.cleaned_data.get("submission") or "",
            picture=form.cleaned_data.get("picture") or "",
        )
    except Refusal as refusal:
        return _refusal(request, board, number, form, refusal)
    except actions.CommentRefused as refusal:
        return _refused(request, board, number, form, str(refusal), 409)
    if not _is_htmx(request):
        return redirect(f"{post.get_absolute_url()}#c{comment.pk}")
    after = _id(request.POST.get("after")) or 0
    context = _base(request, board, post)
    context["new"] = comments_after(
        post,
        after=after,
        shown_from=_id(request.POST.get("from")),
        viewer=request_viewer(request),
    )
    context["written"] = comment
    context["form"] = CommentForm()
    context.update(refusal=None, personal_data=[])
    return render(request, "comments/written.html", context)


def _refusal(
    request: HttpRequest, board: Board, number: int, form: CommentForm, refusal: Refusal
) -> HttpResponse:
    response = _refused(
        request,
        board,
        number,
        form,
        None if refusal.findings else refusal.message,
        refusal.status,
        personal_data=refusal.findings,
    )
    if refusal.retry_after is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _refused(
    request: HttpRequest,
    board: Board,
    number: int,
    form: CommentForm,
    message: str | None,
    status: int,
    **extra: Any,
) -> HttpResponse:
    parent = form.data.get("parent") or ""
    context = {
        "board": board,
        "post_url": f"{board.get_absolute_url()}{number}",
        "form": form,
        "refusal": message,
        "parent_id": parent,
        "personal_data": [],
        **extra,
    }
    if not _is_htmx(request):
        return render(request, "comments/form_page.html", context, status=status)
    response = render(request, "comments/_form.html", context, status=status)
    slot = f"#reply-slot-{parent}" if parent.isdigit() else "#comment-form-slot"
    response["HX-Retarget"] = slot
    response["HX-Reswap"] = "innerHTML"
    return response


def reply_form(request: HttpRequest, board_slug: str, number: int, comment_id: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    parent = get_object_or_404(
        Comment, pk=comment_id, post=post, parent__isnull=True, status=Comment.Status.PUBLISHED
    )
    context = {
        "board": board,
        "post_url": post.get_absolute_url(),
        "form": CommentForm(initial={"parent": parent.pk}),
        "parent_id": str(parent.pk),
        "refusal": None,
        "personal_data": [],
    }
    return render(request, "comments/_form.html", context)


def _own_comment(
    request: HttpRequest, board: Board, number: int, comment_id: int
) -> tuple[Post, Comment]:
    """The reader's own comment, as they see it; anyone else's is the same 404 as a missing one."""
    viewer = request_viewer(request)
    post = queries.get_post_for_viewer(board, number, viewer)
    comment = get_object_or_404(
        visible_comments(post, viewer), pk=comment_id, author_ref=viewer.author_ref
    )
    return post, comment


@login_required
def edit_comment(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    board = queries.get_board(board_slug)
    post, comment = _own_comment(request, board, number, comment_id)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                submit.edit_comment(
                    member=_member(request),
                    post=post,
                    comment=comment,
                    body=form.cleaned_data["body"],
                    mask_personal_data=form.cleaned_data.get("personal_data") == "mask",
                    address=client_address(request),
                    token=form.cleaned_data.get("submission") or "",
                )
            except Refusal as refusal:
                return _edit_refused(request, board, post, comment, form, refusal)
            if not _is_htmx(request):
                return redirect(f"{post.get_absolute_url()}#c{comment.pk}")
            context = {
                **_base(request, board, post),
                "line": line_for(post, comment, request_viewer(request)),
            }
            return render(request, "comments/_line.html", context)
        status = 400
    return _edit_form(request, board, post, comment, form, status)


def _edit_form(
    request: HttpRequest,
    board: Board,
    post: Post,
    comment: Comment,
    form: CommentForm,
    status: int = 200,
    refusal: Refusal | None = None,
) -> HttpResponse:
    context = {
        **_base(request, board, post),
        "comment": comment,
        "form": form,
        "refusal": refusal.message if refusal and not refusal.findings else None,
        "personal_data": refusal.findings if refusal else [],
    }
    template = "comments/_edit.html" if _is_htmx(request) else "comments/edit_page.html"
    response = render(request, template, context, status=status)
    if refusal is not None and refusal.retry_after is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response


def _edit_refused(
    request: HttpRequest,
    board: Board,
    post: Post,
    comment: Comment,
    form: CommentForm,
    refusal: Refusal,
) -> HttpResponse:
    return _edit_form(request, board, post, comment, form, refusal.status, refusal)


@login_required
@require_POST
def delete_comment(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    board = queries.get_board(board_slug)
    post, comment = _own_comment(request, board, number, comment_id)
    submit.delete_comment(comment=comment)
    if not _is_htmx(request):
        return redirect(f"{post.get_absolute_url()}#comments")
    viewer = request_viewer(request)
    post.comment_count = visible_comments(post, viewer).count()
    context = {
        **_base(request, board, post),
        "line": line_for(post, comment, viewer),
        # A comment once numbered keeps its place: "삭제된 댓글입니다" under its number.
        "keep": comment.number is not None,
    }
    return render(request, "comments/deleted.html", context)


def comment_line(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    """One comment as it shows in the list (an edit form's "취소" fetches it back, and a
    live page a comment that changed): its text, or its numbered placeholder."""
    board = queries.get_board(board_slug)
    viewer = request_viewer(request)
    post = queries.get_post_for_viewer(board, number, viewer)
    comment = get_object_or_404(placed_comments(post, viewer), pk=comment_id)
    context = {**_base(request, board, post), "line": line_for(post, comment, viewer)}
    return render(request, "comments/_line.html", context)
