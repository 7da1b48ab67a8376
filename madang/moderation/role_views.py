"""/mod/moderators/: site admins appoint and remove board moderators (moderation.roles)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.models import Member
from madang.moderation.forms import ModeratorForm
from madang.moderation.models import BoardModerator
from madang.moderation.permissions import check_site_admin_permission
from madang.moderation.roles import appoint_moderator, remove_moderator


def _site_admin(request: HttpRequest) -> Member:
    check_site_admin_permission(request.user)
    assert isinstance(request.user, Member)
    return request.user


@login_required
def moderators(request: HttpRequest) -> HttpResponse:
    actor = _site_admin(request)
    form = ModeratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appoint_moderator(
            actor=actor, board=data["board"], member=data["member"], reason=data["reason"]
        )
        messages.success(request, _("게시판 관리자를 임명했습니다."))
        return redirect("mod-moderators")
    listed = BoardModerator.objects.select_related("board", "member").order_by(
        "board__order", "board_id", "member__username"
    )
    return render(
        request,
        "moderation/moderators.html",
        {"form": form, "moderators": listed},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _site_admin(request)
    moderator = get_object_or_404(BoardModerator.objects.select_related("board", "member"), pk=pk)
    remove_moderator(actor=actor, board=moderator.board, member=moderator.member)
    messages.success(request, _("게시판 관리자를 해임했습니다."))
    return redirect("mod-moderators")
