"""Members report posts and comments; reporters are shown to staff only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.boards import queries
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.forms import ReportForm
from madang.moderation.permissions import request_viewer
from madang.moderation.reports import report


def _respond(request: HttpRequest, target: Post | Comment, url: str) -> HttpResponse:
    member = request.user
    assert isinstance(member, Member)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = report(
            reporter=member,
            target=target,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        done = _("신고했습니다. 관리자가 살펴봅니다.") if new else _("이미 신고한 글입니다.")
        if request.headers.get("HX-Request") == "true":
            return render(request, "moderation/_reported.html", {"message": done})
        messages.success(request, done)
        return redirect(url)
    context = {"form": form, "action": request.path, "target": target}
    template = "moderation/_report_form.html"
    if request.headers.get("HX-Request") != "true":
        template = "moderation/report_page.html"
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
def report_post(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    return _respond(request, post, post.get_absolute_url())


@login_required
def report_comment(
    request: HttpRequest, board_slug: str, number: int, comment_id: int
) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, request_viewer(request))
    comment = get_object_or_404(Comment, pk=comment_id, post=post)
    if comment.status != Comment.Status.PUBLISHED:
        raise Http404("no such comment")
    return _respond(request, comment, f"{post.get_absolute_url()}#c{comment.pk}")
