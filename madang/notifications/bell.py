"""The header's bell: a link to /me/notifications/ with the member's unread count.

Its markup comes from ``markup`` alone, whether the page was rendered for the
member (``base.html`` asks ``header_bell``, a context processor, which counts
in one indexed query) or is the render shared by every member with their
overlay laid over it: that render holds ``overlays.BELL_PLACEHOLDER``, and
``memberpages.apply_overlay`` puts ``markup(count)`` in its place, the count
kept in the member's overlay, so a cached page costs no query for it. The same
function on both ways makes the same bytes.

The count shows only above zero; the link's accessible name says it ("알림 3개").
``data-label`` lets a script change the count in place (madang.js listens for
a ``madang:unread`` event, which the live stream sends).
"""

from __future__ import annotations

from functools import lru_cache

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from madang.accounts.models import Member
from madang.boards import overlays
from madang.notifications.queries import unread_count

MOST_SHOWN = 99  # beyond it the bell says 99+; its name keeps the number
_ICON = mark_safe(
    '<svg viewBox="0 0 16 16" width="18" height="18" aria-hidden="true" focusable="false">'
    '<path d="M8 1.8a4.2 4.2 0 0 0-4.2 4.2v2.7L2.4 11.2h11.2l-1.4-2.5V6A4.2 4.2 0 0 0 8 1.8z"'
    ' fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round"/>'
    '<path d="M6.3 13.1a1.8 1.8 0 0 0 3.4 0" fill="none" stroke="currentColor"'
    ' stroke-width="1.5" stroke-linecap="round"/></svg>'
)


def markup(count: int) -> str:
    """The bell for ``count`` unread notifications, in the language of the request."""
    return _markup(count, get_language(), get_script_prefix())


@lru_cache(maxsize=512)
def _markup(count: int, language: str | None, prefix: str) -> str:
    """Kept per count, language and address prefix: every shared member page rings it."""
    some = gettext("알림 %(count)s개")
    none = gettext("알림")
    label = some % {"count": count} if count > 0 else none
    shown = f"{MOST_SHOWN}+" if count > MOST_SHOWN else str(count)
    return format_html(
        '<a class="nav-bell" href="{}" aria-label="{}" title="{}" data-bell'
        ' data-label="{}" data-label-none="{}">{}<span class="bell-count"{}>{}</span></a>',
        reverse("me-notifications"),
        label,
        label,
        some,
        none,
        _ICON,
        "" if count > 0 else mark_safe(" hidden"),
        shown if count > 0 else "",
    )


class HeaderBell:
    """``notification_bell(shared)`` in the templates: counted only when a page asks."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    def __call__(self, shared: bool = False) -> SafeString:
        if shared:  # the render every member shares: their overlay brings the count
            return mark_safe(overlays.BELL_PLACEHOLDER)  # noqa: S308 - a constant
        user = getattr(self.request, "user", None)
        if not isinstance(user, Member):
            return mark_safe("")
        return mark_safe(markup(unread_count(user)))  # noqa: S308 - built by format_html


def header_bell(request: HttpRequest) -> dict[str, object]:
    """The context processor (settings.TEMPLATES) giving base.html its bell."""
    return {"notification_bell": HeaderBell(request)}
