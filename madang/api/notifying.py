"""The caller's notifications (members only): ``GET /me/notifications`` and marking them read.

Read through the notifications app's own queries (``notifications.queries``), so a
line shows of its writing what the visibility rule lets the caller see now, as on
/me/notifications/; a notification names writing, never the person who caused it.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from madang.accounts.models import Member
from madang.api import auth, present
from madang.api.auth import caller_of
from madang.api.errors import answers
from madang.api.schemas import PostRow
from madang.boards import visibility
from madang.notifications.actions import mark_all_read, mark_read
from madang.notifications.queries import Shown, notifications_for, unread_count

router = Router(tags=["me"])
EXCERPT = 80  # characters of a comment's words


class NotificationOut(Schema):
    id: int
    kind: str = Field(description="comment (내 글에 댓글), reply (내 댓글에 답글), moderation")
    action: str = Field(description="moderation: approve, blind, hide, remove, move, lock, ...")
    read: bool
    created_at: str = Field(description="날짜 (YYYY-MM-DD)")
    post: PostRow | None = Field(description="지금 열 수 없는 글이면 null")
    comment_id: int | None
    comment_excerpt: str | None = Field(description="볼 수 없거나 가려진 댓글이면 null")


class NotificationPage(Schema):
    notifications: list[NotificationOut]
    page: int
    last_page: int
    unread: int


class ReadIn(Schema):
    ids: list[int] | None = Field(None, description="읽음으로 할 알림들; 없으면 모두")


class ReadOut(Schema):
    unread: int


def _member(request: HttpRequest) -> Member:
    member = caller_of(request).member
    assert member is not None  # members only
    return member


def _line(line: Shown, member: Member) -> dict[str, Any]:
    notification = line.notification
    viewer = visibility.as_writer(member.pk)
    comment = line.comment
    words = None
    if comment is not None and not line.comment_veiled:
        words = comment.body[:EXCERPT]
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "action": notification.action,
        "read": notification.read_at is not None,
        "created_at": notification.created_at.date().isoformat(),
        "post": present.post_row(line.post, viewer) if line.post is not None else None,
        "comment_id": comment.pk if comment is not None else None,
        "comment_excerpt": words,
    }


@router.get("/me/notifications", response=answers({200: NotificationPage}), auth=auth.MEMBER_READ)
def my_notifications(
    request: HttpRequest,
    page: Annotated[int, Query(ge=1, le=10**9, description="쪽 번호")] = 1,
) -> dict[str, Any]:
    """The caller's notifications, newest first, as /me/notifications/ lists them."""
    member = _member(request)
    found = notifications_for(member, page=page)
    return {
        "notifications": [_line(line, member) for line in found.object_list],
        "page": found.number,
        "last_page": found.paginator.num_pages,
        "unread": unread_count(member),
    }


@router.post("/me/notifications/read", response=answers({200: ReadOut}, 400), auth=auth.WRITE)
def read_notifications(request: HttpRequest, data: ReadIn) -> dict[str, Any]:
    """Mark the notifications named read (all of them when none are named)."""
    member = _member(request)
    if data.ids is None:
        mark_all_read(member=member)
    else:
        mark_read(member=member, notification_ids=data.ids[:1000])
    return {"unread": unread_count(member)}
