"""Sign-up, login and password reset."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from madang.accounts import crypto, devices, throttle
from madang.accounts.actions import SignupRefused, end_sessions_of, register_member
from madang.accounts.forms import LoginForm, ResetForm, SignupForm
from madang.accounts.models import Member, SignupPolicy, SiteSettings
from madang.core.client import client_address

# Pages that only lead into an account: after logging in, going there again would
# send a member back to a page that sends them on (a loop), so they go home instead.
ENTRY_PAGES = ("login", "signup", "logout")


def safe_next(request: HttpRequest) -> str:
    """Where to go after logging in: a path of this site that is not an entry page, or ''."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not allowed or urlsplit(target).path in {reverse(name) for name in ENTRY_PAGES}:
        return ""
    return target


def _safe_next(request: HttpRequest) -> str:
    return safe_next(request) or "/"


def too_many(
    request: HttpRequest, template: str, context: dict[str, Any], limit: throttle.Limit
) -> HttpResponse:
    minutes = max(1, limit.window // 60)
    context["throttled"] = _("시도가 너무 많습니다. %(minutes)s분 뒤에 다시 시도해 주세요.") % {
        "minutes": minutes
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limit.window)
    return response


def cannot_count(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The failure counters are away (Redis down): refuse the attempt, and say why."""
    context["throttled"] = _(
        "지금은 시도 횟수를 확인할 수 없어 잠시 받지 않습니다. "
        "%(seconds)s초 뒤에 다시 시도해 주세요."
    ) % {"seconds": throttle.RETRY_WHEN_UNAVAILABLE}
    response = render(request, template, context, status=503)
    response["Retry-After"] = str(throttle.RETRY_WHEN_UNAVAILABLE)
    return response


@sensitive_post_parameters("password1", "password2")
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/")
    policy = SiteSettings.current().signup_policy
    needs_invitation = policy == SignupPolicy.INVITE
    context: dict[str, Any] = {"closed": policy == SignupPolicy.CLOSED, "next": _safe_next(request)}
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
            login(request, member, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(request, _("가입을 환영합니다."))
            response = HttpResponseRedirect(context["next"])
            devices.remember(request, response, member.username)
            return response
    context["form"] = form
    return render(request, "accounts/signup.html", context, status=400 if form.errors else 200)


class LoginView(auth_views.LoginView):
    """Django's login, with failures counted per account, per address and per trusted device."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        return safe_next(self.request)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")[:150].strip().lower()
        trusted = devices.is_trusted(request, username)
        address = client_address(request)
        self._counters = (
            [(throttle.LOGIN_PER_DEVICE, username + request.COOKIES.get(devices.COOKIE, ""))]
            if trusted
            else [(throttle.LOGIN_PER_ADDRESS, address), (throttle.LOGIN_PER_ACCOUNT, username)]
        )
        for limit, value in self._counters:
            try:
                over = throttle.is_over(limit, value)
            except throttle.ThrottleUnavailable:
                return cannot_count(request, self.template_name, self._bound_context())
            if over:
                return too_many(request, self.template_name, self._bound_context(), limit)
        return super().post(request, *args, **kwargs)

    def _bound_context(self) -> dict[str, Any]:
        """The form as sent (the name stays filled in), for a refused attempt."""
        form = self.get_form()
        form.is_bound = True
        return self.get_context_data(form=form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        devices.remember(self.request, response, form.get_user().username)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        for limit, value in self._counters:
            throttle.record(limit, value)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer, status and work whether or not the address belongs to a member."""

    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password-reset-done")

    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        return {"site_name": settings.MADANG_SITE_NAME}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        address = client_address(request)
        try:
            over = throttle.is_over(throttle.RESET_PER_ADDRESS, address)
        except throttle.ThrottleUnavailable:
            return cannot_count(
                request, self.template_name, self.get_context_data(form=self.get_form())
            )
        if over:
            context = self.get_context_data(form=self.get_form())
            return too_many(request, self.template_name, context, throttle.RESET_PER_ADDRESS)
        throttle.record(throttle.RESET_PER_ADDRESS, address)
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password, ends every session of the member, and does not log in."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("password-reset-complete")
    post_reset_login = False

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        member: Member = form.user
        end_sessions_of(member=member)
        throttle.clear(throttle.LOGIN_PER_ACCOUNT, member.username)
        email = member.email_address
        if email:
            throttle.clear(throttle.RESET_PER_ACCOUNT, crypto.email_index(email))
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the session row is deleted on the server."""
