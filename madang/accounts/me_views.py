"""/me/: a member's own posts, comments and settings, their data, and leaving."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madang.accounts.actions import change_email, delete_member
from madang.accounts.forms import DeleteAccountForm, EmailChangeForm
from madang.accounts.models import Member
from madang.boards import visibility
from madang.boards.forms import PreferencesForm
from madang.boards.preferences import preferences_of, save_preferences
from madang.boards.queries import posts_of, shown_own_posts
from madang.boards.scraps import scraps_of
from madang.comments.queries import comments_of, shown_own_comments
from madang.site.memberdata import member_data

PER_PAGE = 20


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _page(request: HttpRequest, items: Any) -> Any:
    return Paginator(items, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def me_home(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    context = {
        "posts": shown_own_posts(member, list(posts_of(member)[:5])),
        "comments": shown_own_comments(member, list(comments_of(member)[:5])),
    }
    return render(request, "accounts/me_home.html", context)


@login_required
def my_posts(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    page = _page(request, posts_of(member))
    shown_own_posts(member, list(page.object_list))
    return render(request, "accounts/my_posts.html", {"page": page})


@login_required
def my_comments(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    page = _page(request, comments_of(member))
    shown_own_comments(member, list(page.object_list))
    return render(request, "accounts/my_comments.html", {"page": page})


@login_required
def my_scraps(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    page = _page(request, scraps_of(member))
    visibility.present([scrap.post for scrap in page.object_list], visibility.as_writer(member.pk))
    return render(request, "accounts/my_scraps.html", {"page": page})


def _preferences_initial(member: Member) -> dict[str, Any]:
    prefs = preferences_of(member)
    if prefs is None:
        return {}
    return {
        "excluded_categories": list(prefs.excluded_categories.values_list("pk", flat=True)),
        "muted_words": prefs.muted_words,
    }


@login_required
def my_settings(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    email_form = EmailChangeForm(member=member)
    password_form = PasswordChangeForm(member)
    preferences_form = PreferencesForm(initial=_preferences_initial(member))
    status = 200
    if request.method == "POST" and request.POST.get("form") == "preferences":
        preferences_form = PreferencesForm(request.POST)
        if preferences_form.is_valid():
            save_preferences(
                member=member,
                excluded_categories=list(preferences_form.cleaned_data["excluded_categories"]),
                muted_words=preferences_form.cleaned_data["muted_words"],
            )
            messages.success(request, _("목록 필터를 저장했습니다."))
            return redirect("me-settings")
        status = 400
    elif request.method == "POST" and request.POST.get("form") == "email":
        email_form = EmailChangeForm(request.POST, member=member)
        if email_form.is_valid():
            change_email(member=member, email=email_form.cleaned_data["email"])
            messages.success(request, _("이메일을 바꿨습니다."))
            return redirect("me-settings")
        status = 400
    elif request.method == "POST" and request.POST.get("form") == "password":
        password_form = PasswordChangeForm(member, request.POST)
        if password_form.is_valid():
            password_form.save()
            update_session_auth_hash(request, password_form.user)
            messages.success(request, _("비밀번호를 바꿨습니다."))
            return redirect("me-settings")
        status = 400
    context = {
        "email_form": email_form,
        "preferences_form": preferences_form,
        "password_form": password_form,
        "email": member.email_address,
    }
    return render(request, "accounts/my_settings.html", context, status=status)


@login_required
def export_my_data(request: HttpRequest) -> HttpResponse:
    """Everything madang keeps about the member, as JSON (site/memberdata.py)."""
    data = member_data(_member(request))
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="madang-my-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = DeleteAccountForm(request.POST or None, member=member)
    if request.method == "POST" and form.is_valid():
        logout(request)
        delete_member(member=member)
        messages.success(
            request, _("탈퇴했습니다. 남긴 글과 댓글은 누구의 것인지 알 수 없게 남습니다.")
        )
        return redirect("/")
    status = 400 if form.errors else 200
    return render(request, "accounts/delete_account.html", {"form": form}, status=status)
