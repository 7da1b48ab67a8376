"""Sign-up."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from madang.accounts.actions import SignupRefused, register_member
from madang.accounts.answers import log_in_member, remember_place, safe_next
from madang.accounts.forms import SignupForm
from madang.accounts.models import SignupPolicy, SiteSettings


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    policy = SiteSettings.current().signup_policy
    needs_invitation = policy == SignupPolicy.INVITE
    context: dict[str, Any] = {
        "closed": policy == SignupPolicy.CLOSED,
        "next": safe_next(request) or "/",
    }
    form = SignupForm(request.POST or None, needs_invitation=needs_invitation)
    if request.method == "POST" and not context["closed"] and form.is_valid():
        data = form.cleaned_data
        try:
            member = register_member(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                invitation=data.get("invitation", ""),
            )
        except SignupRefused as refusal:
            form.add_error("invitation" if needs_invitation else None, str(refusal))
        else:
            log_in_member(request, member)
            messages.success(request, _("가입을 환영합니다."))
            response = HttpResponseRedirect(context["next"])
            remember_place(request, response, member)
            return response
    context["form"] = form
    return render(request, "accounts/signup.html", context, status=400 if form.errors else 200)
