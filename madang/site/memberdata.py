"""Everything madang keeps about a member, for /me/export.json (docs/privacy.md).

Each app keeps a member's things under the name it gives them: their writing
and drafts under their author reference, their reading (scraps, votes, notice
reads, filters) under their member key, their notifications under their author
reference, their access tokens by their id. This gathers them all, as the apps'
own rows hold them, from the names computed from the member who asks: nothing
here is a way to find anyone else's. Token digests and keys are not included:
they are ways in, not the member's data (a revoked token is deleted).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from madang.accounts.memberkeys import member_keys
from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.api.models import ApiToken
from madang.boards.models import Draft, NoticeRead, Scrap, Vote
from madang.boards.preferences import preferences_of
from madang.boards.queries import posts_of
from madang.comments.queries import comments_of
from madang.media.models import Media
from madang.notifications.models import Notification, TurnedOff


def member_data(member: Member) -> dict[str, Any]:
    ref = author_ref_for(member.pk)
    keys = member_keys(member.pk)
    return {
        "exported_at": timezone.now(),
        "member": {
            "username": member.username,
            "email": member.email_address,
            "joined": member.date_joined.date(),
            "last_login": member.last_login.date() if member.last_login else None,
        },
        "posts": _posts(member),
        "comments": _comments(member),
        "drafts": [
            {
                "board": draft.board.slug,
                "post_url": draft.post.get_absolute_url() if draft.post else None,
                "category": draft.category.name if draft.category else None,
                "title": draft.title,
                "body": draft.body,
                "source_url": draft.source_url,
                "saved_at": draft.updated_at,
            }
            for draft in Draft.objects.filter(owner_ref=ref).select_related(
                "board", "post__board", "category"
            )
        ],
        "uploads": [
            {
                "key": media.key,
                "kind": media.kind,
                "state": media.state,
                "uploaded_at": media.created_at,
            }
            for media in Media.objects.filter(author_ref=ref).order_by("created_at")
        ],
        "scraps": [
            {
                "post_url": scrap.post.get_absolute_url(),
                "title": scrap.post.title,
                "on": scrap.scrapped_on,
            }
            for scrap in Scrap.objects.filter(member_key__in=keys).select_related("post__board")
        ],
        "votes": [
            {"post_url": vote.post.get_absolute_url(), "vote": "up" if vote.value > 0 else "down"}
            for vote in Vote.objects.filter(member_key__in=keys).select_related("post__board")
        ],
        "notices_read": [
            read.notice.post.get_absolute_url()
            for read in NoticeRead.objects.filter(member_key__in=keys).select_related(
                "notice__post__board"
            )
        ],
        "reading_filters": _filters(member),
        "notifications": [
            {
                "kind": notification.kind,
                "action": notification.action,
                "post_url": notification.post.get_absolute_url(),
                "comment_id": notification.comment_id,
                "created_at": notification.created_at,
                "read_on": notification.read_at.date() if notification.read_at else None,
            }
            for notification in Notification.objects.filter(recipient_ref=ref)
            .select_related("post__board")
            .order_by("-created_at")
        ],
        "notifications_turned_off": sorted(
            TurnedOff.objects.filter(recipient_ref=ref).values_list("kind", flat=True)
        ),
        "api_tokens": [
            {
                "name": token.name,
                "scope": token.scope,
                "created_on": token.created_on,
                "last_used_on": token.last_used_on,
                "expires_on": token.expires_on,
            }
            for token in ApiToken.objects.filter(member=member).order_by("created_on")
        ],
    }


def _posts(member: Member) -> list[dict[str, Any]]:
    return [
        {
            "board": post.board.slug,
            "number": post.number,
            "url": post.get_absolute_url(),
            "category": post.category.name if post.category else None,
            "title": post.title,
            "body": post.body_source,
            "source_url": post.source_url,
            "status": post.status,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
        }
        for post in posts_of(member).iterator()
    ]


def _comments(member: Member) -> list[dict[str, Any]]:
    return [
        {
            "post_url": comment.post.get_absolute_url(),
            "body": comment.body,
            "status": comment.status,
            "created_at": comment.created_at,
        }
        for comment in comments_of(member).iterator()
    ]


def _filters(member: Member) -> dict[str, Any]:
    prefs = preferences_of(member)
    if prefs is None:
        return {"hidden_categories": [], "muted_words": []}
    hidden = prefs.excluded_categories.select_related("board").order_by("board__order", "order")
    return {
        "hidden_categories": [f"{category.board.slug}/{category.slug}" for category in hidden],
        "muted_words": list(prefs.muted_word_list),
    }
