"""Login (with the gate that never locks an owner out), one-time login links, logout."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from madang.accounts import throttle
from madang.accounts.answers import cannot_count, log_in_member, remember_place, safe_next, site_url
from madang.accounts.forms import LoginForm
from madang.accounts.login_gate import LoginGate
from madang.accounts.loginlinks import login_link, send_login_link, use_login_link


class LoginView(auth_views.LoginView):
    """Django's login behind ``LoginGate``: past the failure limits, the mailbox vouches."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_redirect_url(self) -> str:
        return safe_next(self.request)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")[:150].strip().lower()
        try:
            self.gate = LoginGate.read(request, username)
        except throttle.ThrottleUnavailable:
            return cannot_count(request, self.template_name, self._bound_context())
        return super().post(request, *args, **kwargs)

    def _bound_context(self) -> dict[str, Any]:
        """The form as sent (the name stays filled in), for a refused attempt."""
        form = self.get_form()
        form.is_bound = True
        return self.get_context_data(form=form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        member = form.get_user()
        if not self.gate.lets_in(member):
            next_path = self.get_redirect_url()
            send_login_link(member=member, next_path=next_path, site_url=site_url(self.request))
            return self._check_mail()
        response = super().form_valid(form)
        remember_place(self.request, response, member)
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        wrong = form.has_error("__all__", "invalid_login")
        if wrong:
            self.gate.count_failure()
            if not self.gate.open:
                return self._check_mail()  # the same answer as the right password's
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def _check_mail(self) -> HttpResponse:
        return render(self.request, "accounts/login_check_mail.html", {})


@require_http_methods(["GET", "POST"])
def login_with_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); POST logs in, once."""
    if request.method == "GET":
        return render(
            request, "accounts/login_link.html", {"usable": login_link(token) is not None}
        )
    link = use_login_link(token=token)
    if link is None:
        return render(request, "accounts/login_link.html", {"usable": False}, status=400)
    log_in_member(request, link.member)
    response = HttpResponseRedirect(safe_next(request, link.next_path) or "/")
    remember_place(request, response, link.member)
    return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's rule); the session row is deleted on the server."""
