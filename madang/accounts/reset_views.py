"""Password reset: the same answer for every address, and mails no stranger can use up."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.urls import reverse_lazy

from madang.accounts import crypto, devices, places, throttle
from madang.accounts.actions import end_sessions_of
from madang.accounts.answers import cannot_count, too_many
from madang.accounts.forms import ResetForm
from madang.accounts.models import Member
from madang.core.client import client_address


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

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        address = places.network_of(client_address(request))
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
        response = super().post(request, *args, **kwargs)
        devices.give_device(request, response)
        return response


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
