"""/me/notifications/: a member's notifications, newest first, and the kinds they want."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.models import Member
from madang.notifications.actions import mark_all_read, mark_read, set_kinds_wanted
from madang.notifications.forms import KindsForm
from madang.notifications.queries import kinds_wanted, notification_for, notifications_for


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    return _list(request, KindsForm(initial={"wanted": sorted(kinds_wanted(_member(request)))}))


def _list(request: HttpRequest, kinds_form: KindsForm, status: int = 200) -> HttpResponse:
    context = {
        "page": notifications_for(_member(request), page=request.GET.get("page")),
        "kinds_form": kinds_form,
    }
    return render(request, "notifications/list.html", context, status=status)


@login_required
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Opening a notification marks it read and leads to its writing, or back to the
    list when the writing is no longer there for them."""
    member = _member(request)
    line = notification_for(member, notification_id)
    if line is None:
        raise Http404("no such notification")
    mark_read(member=member, notification_ids=[notification_id])
    return redirect(line.url or "me-notifications")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    mark_all_read(member=_member(request))
    return redirect("me-notifications")


@login_required
@require_POST
def choose_kinds(request: HttpRequest) -> HttpResponse:
    form = KindsForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    set_kinds_wanted(member=_member(request), wanted=form.cleaned_data["wanted"])
    messages.success(request, _("알림 설정을 저장했습니다."))
    return redirect("me-notifications")
