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
from madang.accounts.pii import mask_personal_data
from madang.accounts.pseudonym import author_ref_for
from madang.boards import limits, queries
from madang.boards.forms import CommentForm
from madang.boards.models import Board, Post
from madang.comments import actions
from madang.comments.models import Comment
from madang.comments.queries import (
    SHOWN,
    CommentLine,
    comment_window,
    comments_after,
    visible_comments,
)
from madang.core.client import client_address
from madang.moderation.screening import Screening, screen

MAX_ID = 2**63 - 1


def _id(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_ID:
        raise Http404("not a comment id")
    return int(raw)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def viewer_ref(request: HttpRequest) -> str | None:
    user = request.user
    return author_ref_for(user.pk) if user.is_authenticated else None


def _base(request: HttpRequest, board: Board, post: Post) -> dict[str, Any]:
    return {"board": board, "post": post, "viewer_ref": viewer_ref(request)}


def comments(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    """GET: older (``before``) or newer (``after``) comments; POST: write one."""
    if request.method == "POST":
        return _write(request, queries.board_for_writing(board_slug), number)
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request.user)
    before, after = _id(request.GET.get("before")), _id(request.GET.get("after"))
    if (before is None) == (after is None):
        raise Http404("give exactly one of before and after")
    context = _base(request, board, post)
    if before is not None:
        context["comments"] = comment_window(
            post, per_page=board.comments_per_page, before=before, viewer_ref=context["viewer_ref"]
        )
        return render(request, "comments/older.html", context)
    assert after is not None
    context["new"] = comments_after(
        post, after=after, shown_from=_id(request.GET.get("from")), viewer_ref=context["viewer_ref"]
    )
    return render(request, "comments/newer.html", context)


def _write(request: HttpRequest, board: Board, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={board.get_absolute_url()}{number}")
    member = request.user
    assert isinstance(member, Member)
    form = CommentForm(request.POST)
    try:
        post = queries.post_to_comment_on(board, number, request.user)
    except Http404:
        form.is_valid()
        return _refused(
            request, board, number, form, _("글이 지워져서 댓글을 달 수 없습니다."), 409
        )
    write_limits = limits.comment_limits(board, member, client_address(request))
    over = limits.over_limit(write_limits)
    if over is not None:
        form.is_valid()
        if over.unknown:
            message = _("지금은 댓글을 받을 수 없습니다. %(seconds)s초 뒤에 다시 달아 주세요.") % {
                "seconds": over.retry_after
            }
        else:
            message = _("댓글을 너무 자주 달았습니다. %(minutes)s분 뒤에 다시 달아 주세요.") % {
                "minutes": max(1, over.retry_after // 60)
            }
        response = _refused(request, board, number, form, message, 503 if over.unknown else 429)
        response["Retry-After"] = str(over.retry_after)
        return response
    if not form.is_valid():
        return _refused(request, board, number, form, None, 400)
    found = form.personal_data_found()
    if found and form.cleaned_data.get("personal_data") != "mask":
        return _refused(request, board, number, form, None, 400, personal_data=found)
    body = form.cleaned_data["body"]
    if form.cleaned_data.get("personal_data") == "mask":
        body = mask_personal_data(body)
    screening = screen(member=member, board=board, texts=[body])
    if screening.refusal:
        status = 403 if screening.banned else 400
        return _refused(request, board, number, form, screening.refusal, status)
    parent = None
    if parent_id := form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=parent_id, post=post).first()
        if parent is None:
            return _refused(
                request, board, number, form, _("지워진 댓글에는 답글을 달 수 없습니다."), 409
            )
    try:
        comment = actions.create_comment(
            post=post,
            author=member,
            body=body,
            parent=parent,
            address=client_address(request),
            status=_comment_status(screening),
            counts_against=write_limits,
        )
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
        viewer_ref=context["viewer_ref"],
    )
    context["written"] = comment
    context["form"] = CommentForm()
    return render(request, "comments/written.html", context)


def _comment_status(screening: Screening) -> Comment.Status:
    if screening.shadow:
        return Comment.Status.SHADOWED
    if screening.hold:
        return Comment.Status.HELD
    return Comment.Status.PUBLISHED


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
    post = queries.get_post_for_viewer(board, number, request.user)
    parent = get_object_or_404(
        Comment, pk=comment_id, post=post, parent__isnull=True, status=Comment.Status.PUBLISHED
    )
    context = {
        "board": board,
        "post_url": post.get_absolute_url(),
        "form": CommentForm(initial={"parent": parent.pk}),
        "parent_id": str(parent.pk),
    }
    return render(request, "comments/_form.html", context)


def _own_comment(
    request: HttpRequest, board: Board, number: int, comment_id: int
) -> tuple[Post, Comment]:
    post = queries.get_post_for_viewer(board, number, request.user)
    comment = get_object_or_404(Comment, pk=comment_id, post=post, status__in=SHOWN)
    if comment.author_ref != viewer_ref(request):
        raise Http404("no such comment")
    return post, comment


def _line(post: Post, comment: Comment, viewer: str | None = None) -> CommentLine:
    ordinal = None
    if comment.status in SHOWN:
        ordinal = visible_comments(post, viewer).filter(pk__lte=comment.pk).count()
    by_author = ordinal is not None and comment.author_ref == post.author_ref
    return CommentLine(comment, ordinal, by_author)


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
            actions.edit_comment(comment=comment, body=form.cleaned_data["body"])
            if not _is_htmx(request):
                return redirect(f"{post.get_absolute_url()}#c{comment.pk}")
            context = {
                **_base(request, board, post),
                "line": _line(post, comment, viewer_ref(request)),
            }
            return render(request, "comments/_line.html", context)
        status = 400
    context = {**_base(request, board, post), "comment": comment, "form": form}
    template = "comments/_edit.html" if _is_htmx(request) else "comments/edit_page.html"
    return render(request, template, context, status=status)


@login_required
@require_POST
def delete_comment(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    board = queries.get_board(board_slug)
    post, comment = _own_comment(request, board, number, comment_id)
    actions.delete_comment(comment=comment)
    if not _is_htmx(request):
        return redirect(f"{post.get_absolute_url()}#comments")
    has_replies = (
        comment.parent_id is None and visible_comments(post).filter(parent=comment).exists()
    )
    post.comment_count = visible_comments(post, viewer_ref(request)).count()
    context = {
        **_base(request, board, post),
        "line": _line(post, comment, viewer_ref(request)),
        "keep": has_replies,
    }
    return render(request, "comments/deleted.html", context)


def comment_line(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    """One comment as it shows in the list (an edit form's "취소" fetches it back)."""
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request.user)
    comment = get_object_or_404(Comment, pk=comment_id, post=post, status__in=SHOWN)
    if comment.status != Comment.Status.PUBLISHED and comment.author_ref != viewer_ref(request):
        raise Http404("no such comment")
    context = {**_base(request, board, post), "line": _line(post, comment, viewer_ref(request))}
    return render(request, "comments/_line.html", context)
