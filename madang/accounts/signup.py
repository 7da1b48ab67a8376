"""Sign-up in two steps: the form, then the link mailed to the address.

The form answers the same whether or not the address is registered: either
way a mail goes to it, after the answer. A new address gets the link that
finishes the sign-up; a registered one hears that someone tried, and how its
owner logs in or resets their password. The answer, its status and the work
before it (the password hashed, a pending row written, the mailbox's counter)
are the same, so neither the page nor its timing tells who is a member.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts import crypto, throttle
from madang.accounts.actions import (
    SignupRefused,
    check_invitation,
    day_of,
    invitation_hash,
    use_invitation,
)
from madang.accounts.mails import mail_later
from madang.accounts.models import Member, PendingSignup, SignupPolicy, SiteSettings


class LinkExpired(SignupRefused):
    """The link is unknown, used, or past its day."""


@dataclass(frozen=True)
class Finished:
    member: Member
    next_path: str


def _digest(token: str) -> str:
    return crypto.keyed_hash(token, "signup-link")


def start_signup(
    *,
    username: str,
    email: str,
    password: str,
    invitation: str = "",
    next_path: str = "",
    site_url: str,
) -> None:
    """Keep the sign-up waiting and mail the address (``site_url``: scheme and host)."""
    policy = SiteSettings.current().signup_policy
    if policy == SignupPolicy.CLOSED:
        raise SignupRefused(_("지금은 가입을 받지 않습니다."))
    if policy == SignupPolicy.INVITE:
        check_invitation(invitation)
    email = crypto.normalize_email(email)
    index = crypto.email_index(email)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    with transaction.atomic():
        registered = Member.objects.filter(email_index=index).exists()
        PendingSignup.objects.create(
            digest=_digest(token),
            username=username.strip().lower(),
            email_cipher=crypto.encrypt_email(email),
            email_index=index,
            password=make_password(password),
            invitation_hash=invitation_hash(invitation) if invitation else "",
            next_path=next_path,
            expires_at=day_of(now) + timedelta(days=2),
        )
    mailbox = [(throttle.SIGNUP_MAILS_PER_MAILBOX, index)]
    try:
        over = throttle.first_over(mailbox)
    except throttle.ThrottleUnavailable:
        over = throttle.SIGNUP_MAILS_PER_MAILBOX
    throttle.record_many(mailbox)
    if over:
        return  # the mailbox had its share this hour; the answer stays the same
    if registered:
        links = {
            "login_url": site_url + reverse("login"),
            "reset_url": site_url + reverse("password-reset"),
        }
        mail_later(to=email, template="signup_taken", context=links)
    else:
        link = site_url + reverse("signup-confirm", kwargs={"token": token})
        mail_later(to=email, template="signup_confirm", context={"link": link})


def pending_signup(token: str) -> PendingSignup | None:
    return PendingSignup.objects.filter(
        digest=_digest(token), expires_at__gt=timezone.now()
    ).first()


def finish_signup(*, token: str) -> Finished:
    """Make the member of a proven address; the link works once."""
    with transaction.atomic():
        pending = pending_signup(token)
        if pending is None:
            raise LinkExpired(_("링크가 만료되었거나 이미 쓰였습니다."))
        refusal = _refusal(pending)
        if refusal is None:
            try:
                with transaction.atomic():
                    member = _member_from(pending)
            except (IntegrityError, ValidationError):  # taken this very moment
                refusal = SignupRefused(_("이미 쓰이는 아이디입니다."))
            except SignupRefused as refused:  # the invitation was used up meanwhile
                refusal = refused
        # One address, one member: every other sign-up waiting for it ends here too.
        PendingSignup.objects.filter(email_index=pending.email_index).delete()
    if refusal is not None:
        raise refusal
    return Finished(member=member, next_path=pending.next_path)


def _refusal(pending: PendingSignup) -> SignupRefused | None:
    policy = SiteSettings.current().signup_policy
    if policy == SignupPolicy.CLOSED:
        return SignupRefused(_("지금은 가입을 받지 않습니다."))
    if Member.objects.filter(email_index=pending.email_index).exists():
        return SignupRefused(
            _("이미 가입을 마친 주소입니다. 로그인하거나 비밀번호 찾기를 이용해 주세요.")
        )
    if Member.objects.filter(username__iexact=pending.username).exists():
        return SignupRefused(
            _("그사이 다른 사람이 같은 아이디로 가입했습니다. 다른 아이디로 가입해 주세요.")
        )
    if policy == SignupPolicy.INVITE and not pending.invitation_hash:
        return SignupRefused(_("초대 코드가 맞지 않거나 이미 다 쓰였습니다."))
    return None


def _member_from(pending: PendingSignup) -> Member:
    if pending.invitation_hash and SiteSettings.current().signup_policy == SignupPolicy.INVITE:
        use_invitation(code_hash=pending.invitation_hash)
    member = Member(
        username=pending.username,
        email_cipher=pending.email_cipher,
        email_index=pending.email_index,
        password=pending.password,
        date_joined=day_of(timezone.now()),
    )
    member.full_clean(exclude=["password"])
    member.save()
    return member
