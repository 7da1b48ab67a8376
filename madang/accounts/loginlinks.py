"""One-time login links: how an owner gets in while strangers are guessing at the account.

Past its failure limits, a login from a place the account does not know is not
refused: the right password mails a link to the member's address, and the link
logs in (OWASP's advice: friction, not a lockout an attacker can cause). A wrong
password gets the same answer and mails nothing, so the guesses past the limit
tell the guesser nothing. Links expire after 15 minutes, work once, and at most
five go to a mailbox an hour.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from madang.accounts import crypto, throttle
from madang.accounts.mails import mail_later
from madang.accounts.models import LoginLink, Member

LINK_MINUTES = 15


def _digest(token: str) -> str:
    return crypto.keyed_hash(token, "login-link")


def send_login_link(*, member: Member, next_path: str, site_url: str) -> bool:
    """Mail the member a link, unless their mailbox had its share this hour."""
    email = member.email_address
    if not email or throttle.is_blocked(throttle.LOGIN_LINKS_PER_ACCOUNT, member.username):
        return False
    throttle.record(throttle.LOGIN_LINKS_PER_ACCOUNT, member.username)
    token = secrets.token_urlsafe(32)
    LoginLink.objects.create(
        member=member,
        digest=_digest(token),
        next_path=next_path,
        expires_at=timezone.now() + timedelta(minutes=LINK_MINUTES),
    )
    link = site_url + reverse("login-link", kwargs={"token": token})
    mail_later(to=email, template="login_link", context={"link": link, "minutes": LINK_MINUTES})
    return True


def login_link(token: str) -> LoginLink | None:
    found = (
        LoginLink.objects.select_related("member")
        .filter(digest=_digest(token), expires_at__gt=timezone.now())
        .first()
    )
    return found if found is not None and found.member.is_active else None


def use_login_link(*, token: str) -> LoginLink | None:
    """The link, used up with every other link of its member; None when it does not work."""
    with transaction.atomic():
        link = login_link(token)
        if link is None:
            return None
        deleted, _ = LoginLink.objects.filter(pk=link.pk).delete()
        if not deleted:  # used by another request this very moment
            return None
        LoginLink.objects.filter(member_id=link.member_id).delete()
    return link
