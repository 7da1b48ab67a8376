from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.safestring import SafeString, mark_safe

from madang.core import formatting
from madang.core.sanitize import render_plain_text

register = template.Library()


@register.filter
def list_date(moment: datetime | None) -> str:
    return formatting.list_date(moment) if moment else ""


@register.filter
def comment_time(moment: datetime | None) -> str:
    return formatting.comment_time(moment) if moment else ""


@register.filter
def full_datetime(moment: datetime | None) -> str:
    return formatting.full_datetime(moment) if moment else ""


@register.filter
def thousands(value: int | None) -> str:
    return formatting.thousands(value)


@register.filter
def plain_text(text: str) -> SafeString:
    """Comment text: escaped, line breaks kept, addresses linked."""
    return mark_safe(render_plain_text(text or ""))  # noqa: S308 - render_plain_text escapes
