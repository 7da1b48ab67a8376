"""Mails of the account pages: rendered and sent after the answer (``core.tasks.defer``).

Sent after the answer, so that a request that mails takes as long as one that
does not (sign-up and reset answer the same whether or not an address is
registered); rendered in the language of the request that asked.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from madang.core.tasks import defer


def mail_later(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Send ``accounts/{template}_subject.txt`` and ``_email.txt`` to one address, later."""
    defer(
        _send,
        to,
        template,
        {"site_name": settings.MADANG_SITE_NAME, **context},
        translation.get_language(),
    )


def _send(to: str, template: str, context: dict[str, Any], language: str | None) -> None:
    with translation.override(language):
        subject = render_to_string(f"accounts/{template}_subject.txt", context)
        body = render_to_string(f"accounts/{template}_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
