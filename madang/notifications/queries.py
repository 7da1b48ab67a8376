"""Reading a member's notifications: the bell's count, the list, the kinds they want.

The member is named by their author reference, computed from them as they read
(``author_ref_for``); nothing stored links it to their id. What a line shows of
the writing it is about follows the visibility rule (``boards.visibility``)
as it stands when they read, not as it stood when the notification was made: a
post since deleted or hidden, or in a board closed to them, shows no title and
no link; a comment since removed shows no words; one blinded by reports shows a
placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet, Sum

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import permissions, visibility
from madang.boards.models import Post
from madang.boards.visibility import Viewer
from madang.comments.models import Comment
from madang.core.statements import Statement
from madang.moderation.permissions import viewer_of
from madang.notifications.models import Kind, Notification, TurnedOff, UnreadCount

PER_PAGE = 20


# Read after every notification made (the count pushed to the recipient's open pages)
# and for every overlay built: compiled once (core/statements.py).
_UNREAD = Statement(
    UnreadCount,
    lambda recipient_ref: (
        UnreadCount.objects.filter(recipient_ref=recipient_ref)
        .values("recipient_ref")
        .annotate(total=Sum("unread"))
        .values_list("total")
    ),
)


def unread_count_for(recipient_ref: str) -> int:
    """The recipient's counter (``models.UnreadCount``): the sum of their few rows,
    read through their index. Never below zero, whatever a drifted counter says."""
    found = _UNREAD.rows(recipient_ref)
    return max(0, found[0][0] or 0) if found else 0


def unread_count(member: Member) -> int:
    return unread_count_for(author_ref_for(member.pk))


def kinds_wanted(member: Member) -> set[str]:
    """The kinds the member has not turned off (every kind, to begin with)."""
    off = TurnedOff.objects.filter(recipient_ref=author_ref_for(member.pk))
    return set(Kind.values) - set(off.values_list("kind", flat=True))


@dataclass(frozen=True)
class Shown:
    """A notification as its recipient may see it now."""

    notification: Notification
    # None where they may not open the post: deleted, hidden, held, a board closed to them.
    # Its ``veiled`` mark says whether reports blind its title (``visibility.present``).
    post: Post | None
    # None where they may not see the comment (removed, hidden, silently banned), or
    # where there is none (an action on a post).
    comment: Comment | None
    comment_veiled: bool = False  # reports blind it: its words are not shown

    @property
    def url(self) -> str | None:
        """The writing: the post, at the comment where it is shown."""
        if self.post is None:
            return None
        anchor = f"#c{self.comment.pk}" if self.comment is not None else ""
        return self.post.get_absolute_url() + anchor


def notifications_of(member: Member) -> QuerySet[Notification]:
    """The member's notifications, newest first, with what their lines show: for paging,
    then ``shown``. Whether each comment is one the member may see is asked of the
    visibility rule in the same query."""
    writer = visibility.as_writer(member.pk)
    comments = Comment.objects.filter(pk=OuterRef("comment_id"))
    return (
        Notification.objects.filter(recipient_ref=writer.author_ref)
        .select_related("post__board", "comment")
        .annotate(
            comment_shown=Exists(comments.filter(visibility.shown_comments(writer))),
            comment_own=Exists(visibility.own_writing(comments, writer)),
        )
        .order_by("-created_at", "-id")
    )


def notifications_for(
    member: Member, *, page: int | str | None = 1, per_page: int = PER_PAGE
) -> Page[Any]:
    """A numbered page of the member's notifications, as ``Shown`` lines (the page
    numbers of Django's paginator: a member keeps 90 days of them at most)."""
    found: Page[Any] = Paginator(notifications_of(member), per_page).get_page(page)
    found.object_list = shown(list(found.object_list), viewer_of(member))
    return found


def notification_for(member: Member, notification_id: int) -> Shown | None:
    """One of the member's notifications; None for another member's or a missing one."""
    found = notifications_of(member).filter(pk=notification_id).first()
    return shown([found], viewer_of(member))[0] if found else None


def shown(notifications: list[Notification], viewer: Viewer) -> list[Shown]:
    """Each notification as the reader may see it (from ``notifications_of``)."""
    visibility.present([notification.post for notification in notifications], viewer)
    lines = []
    for notification in notifications:
        post = notification.post
        opens = permissions.can_read(post.board, viewer) and visibility.may_open_post(post, viewer)
        comment = notification.comment
        seen = getattr(notification, "comment_shown", False) or getattr(
            notification, "comment_own", False
        )
        if not opens or not seen:
            comment = None
        veiled = comment is not None and visibility.is_veiled(comment, post.board_id, viewer)
        lines.append(Shown(notification, post if opens else None, comment, veiled))
    return lines
