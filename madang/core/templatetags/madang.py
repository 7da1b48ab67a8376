from __future__ import annotations

from datetime import datetime

from django import template

from madang.core import formatting

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
