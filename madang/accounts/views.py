"""Sign-up: the form, the answer that is the same for everyone, and the mailed link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from madang.accounts import devices, places, throttle
from madang.accounts.actions import SignupRefused
from madang.accounts.answers import (
    cannot_count,
    log_in_member,
    remember_place,
    safe_next,
    site_url,
    too_many,
)
from madang.accounts.forms import SignupForm
from madang.accounts.models import SignupPolicy, SiteSettings
from madang.accounts.signup import LinkExpired, finish_signup, pending_signup, start_signup
from madang.core.client import client_address

TEMPLATE = "accounts/signup.html"


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    policy = SiteSettings.current().signup_policy
    needs_invitation = policy == SignupPolicy.INVITE
    closed = policy == SignupPolicy.CLOSED
    context: dict[str, Any] = {"closed": closed, "next": safe_next(request) or "/"}
    form = SignupForm(request.POST or None, needs_invitation=needs_invitation)
    context["form"] = form
    if request.method != "POST" or closed:
        return render(request, TEMPLATE, context)
    response = _attempt(request, form, context, needs_invitation)
    devices.give_device(request, response)
    return response


def _attempt(
    request: HttpRequest, form: SignupForm, context: dict[str, Any], needs_invitation: bool
) -> HttpResponse:
    """Every attempt counts, so that guessing which names are taken is as slow as signing up."""
    counters = [
        (throttle.SIGNUP_PER_ADDRESS, places.network_of(client_address(request))),
        (throttle.SIGNUP_PER_DEVICE, devices.issue_device(request)),
    ]
    try:
        over = throttle.first_over(counters)
    except throttle.ThrottleUnavailable:
        return cannot_count(request, TEMPLATE, _unchecked(request, context, needs_invitation))
    if over:
        return too_many(request, TEMPLATE, _unchecked(request, context, needs_invitation), over)
    throttle.record_many(counters)
    if form.is_valid():
        data = form.cleaned_data
        try:
            start_signup(
                username=data["username"],
                email=data["email"],
                password=data["password1"],
                invitation=data.get("invitation", ""),
                next_path=safe_next(request),
                site_url=site_url(request),
            )
        except SignupRefused as refusal:
            form.add_error("invitation" if needs_invitation else None, str(refusal))
        else:
            return redirect("signup-sent")
    return render(request, TEMPLATE, context, status=400)


def _unchecked(
    request: HttpRequest, context: dict[str, Any], needs_invitation: bool
) -> dict[str, Any]:
    """The form as sent but not checked: a refused attempt must not say whether a name
    is taken."""
    kept = {name: request.POST.get(name, "") for name in ("username", "email", "invitation")}
    return {**context, "form": SignupForm(initial=kept, needs_invitation=needs_invitation)}


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {})


@require_http_methods(["GET", "POST"])
def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); POST finishes and logs in."""
    if request.method == "GET":
        pending = pending_signup(token)
        context = {
            "usable": pending is not None,
            "username": pending.username if pending else "",
            "refusal": "",
        }
        return render(request, "accounts/signup_confirm.html", context)
    try:
        finished = finish_signup(token=token)
    except SignupRefused as refusal:
        expired = isinstance(refusal, LinkExpired)
        context = {"usable": False, "username": "", "refusal": "" if expired else refusal}
        return render(request, "accounts/signup_confirm.html", context, status=400)
    log_in_member(request, finished.member)
    messages.success(request, _("가입을 환영합니다."))
    response = HttpResponseRedirect(safe_next(request, finished.next_path) or "/")
    remember_place(request, response, finished.member)
    return response
