"""What the account pages share: where to go next, refusals, and logging a member in."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from madang.accounts import devices, places, throttle
from madang.accounts.models import Member
from madang.core import durations
from madang.core.client import client_address

# Pages that only lead into an account: after logging in, going there again would
# send a member back to a page that sends them on (a loop), so they go home instead.
ENTRY_PAGES = ("login", "signup", "logout")


def safe_next(request: HttpRequest, target: str | None = None) -> str:
    """Where to go after logging in: a path of this site that is not an entry page, or ''."""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not allowed or urlsplit(target).path in {reverse(name) for name in ENTRY_PAGES}:
        return ""
    return target


def site_url(request: HttpRequest) -> str:
    """Scheme and host of this site, as the request reached it, for links in mails."""
    return request.build_absolute_uri("/").rstrip("/")


def too_many(
    request: HttpRequest, template: str, context: dict[str, Any], limit: throttle.Limit
) -> HttpResponse:
    minutes = max(1, limit.window // 60)
    context["throttled"] = _("시도가 너무 많습니다. %(minutes)s 뒤에 다시 시도해 주세요.") % {
        "minutes": durations.minutes(minutes)
    }
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(limit.window)
    return response


def cannot_count(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """The counters are away (Redis down): refuse the attempt, and say why."""
    context["throttled"] = _(
        "지금은 시도 횟수를 확인할 수 없어 잠시 받지 않습니다. %(seconds)s 뒤에 다시 시도해 주세요."
    ) % {"seconds": durations.seconds(throttle.RETRY_WHEN_UNAVAILABLE)}
    response = render(request, template, context, status=503)
    response["Retry-After"] = str(throttle.RETRY_WHEN_UNAVAILABLE)
    return response


def log_in_member(request: HttpRequest, member: Member) -> None:
    """Log in without a password (a proven mailbox), as the login form would."""
    login(request, member, backend=settings.AUTHENTICATION_BACKENDS[0])


def remember_place(request: HttpRequest, response: HttpResponse, member: Member) -> None:
    """After any login: this browser and this address are the member's from now on."""
    devices.remember(request, response, member.username)
    places.remember_login_address(member=member, address=client_address(request))
