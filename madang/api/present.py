"""Posts, comments and boards as the API shows them: what the pages show, in JSON.

Every post passed here has been through the visibility rule (``visibility.present``
marks what is veiled); its author is the one anonymous name, and whether the
caller wrote it is a comparison of references that never leaves the server.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from madang.boards import permissions, visibility
from madang.boards.models import Board, Category, Post
from madang.boards.visibility import Viewer
from madang.comments.queries import CommentLine, Thread
from madang.core.formatting import shown_title

SHOWN_AS_PUBLISHED = (visibility.PUBLISHED, visibility.SHADOWED)


def when(moment: datetime | None) -> datetime | None:
    """In the site's zone (Asia/Seoul), as the pages show times."""
    return timezone.localtime(moment) if moment is not None else None


def author() -> dict[str, str]:
    return {"name": settings.MADANG_ANONYMOUS_NAME}


def board_out(board: Board) -> dict[str, Any]:
    return {
        "slug": board.slug,
        "name": board.name,
        "description": board.description,
        "url": board.get_absolute_url(),
        "post_count": board.post_count,
        "votes": board.votes,
        "downvotes": board.downvotes,
        "access": {
            "read": board.read_access,
            "post": board.post_access,
            "comment": board.comment_access,
        },
    }


def board_detail(board: Board, categories: list[Category], viewer: Viewer) -> dict[str, Any]:
    return {
        **board_out(board),
        "categories": [
            {
                "slug": category.slug,
                "name": category.name,
                "requires_source": category.requires_source,
                "post_count": category.post_count,
            }
            for category in categories
        ],
        "may_post": permissions.can_post(board, viewer),
        "may_comment": permissions.can_comment(board, viewer),
        "comments_per_page": board.comments_per_page,
        "max_body_length": board.max_body_length,
    }


def post_row(post: Post, viewer: Viewer) -> dict[str, Any]:
    """A list's row; ``post`` went through ``visibility.present`` and has its board."""
    category = post.category
    return {
        "board": post.board.slug,
        "number": post.number,
        "url": post.get_absolute_url(),
        "category": {"slug": category.slug, "name": category.name} if category else None,
        "title": shown_title(post),
        "veiled": bool(getattr(post, "veiled", post.blinded)),
        "comment_count": post.comment_count,
        "view_count": post.view_count,
        "up_count": post.up_count,
        "created_at": when(post.created_at),
        "mine": visibility.is_own(post, viewer),
    }


def post_out(
    post: Post, viewer: Viewer, *, scrapped: bool | None = None, my_vote: int = 0
) -> dict[str, Any]:
    veiled = bool(getattr(post, "veiled", post.blinded))
    return {
        **post_row(post, viewer),
        "status": "published" if post.status in SHOWN_AS_PUBLISHED else post.status,
        "author": author(),
        "body_html": "" if veiled else post.body_html,
        "source_url": post.source_url,
        "edited_at": when(post.edited_at),
        "scrap_count": post.scrap_count,
        "down_count": post.down_count,
        "scrapped": scrapped,
        "my_vote": vote_name(my_vote),
    }


def vote_name(value: int) -> str | None:
    return {1: "up", -1: "down"}.get(value)


def comment_out(line: CommentLine, viewer: Viewer) -> dict[str, Any]:
    comment = line.comment
    placeholder = line.is_placeholder
    if placeholder:
        state = "hidden" if comment.status == visibility.HIDDEN else "deleted"
    else:
        state = "published" if comment.status in SHOWN_AS_PUBLISHED else comment.status
    shows_text = not placeholder and not line.veiled
    return {
        "id": comment.pk,
        "parent_id": comment.parent_id,
        "number": line.ordinal,
        "state": state,
        "author": None if placeholder else author(),
        "by_post_author": line.by_post_author,
        "body": comment.body if shows_text else "",
        "picture_html": comment.picture_html if shows_text else "",
        "veiled": line.veiled,
        "created_at": None if placeholder else when(comment.created_at),
        "edited_at": None if placeholder else when(comment.edited_at),
        "mine": not placeholder and visibility.is_own(comment, viewer),
    }


def threads_out(threads: list[Thread], viewer: Viewer) -> list[dict[str, Any]]:
    """Threads in order, each comment followed by its replies."""
    shown = []
    for thread in threads:
        shown.append(comment_out(thread.root, viewer))
        shown.extend(comment_out(reply, viewer) for reply in thread.replies)
    return shown
