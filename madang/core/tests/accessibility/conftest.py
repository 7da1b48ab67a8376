"""One small site for the accessibility tests: a board with notices, pages of posts, a
post with comments, replies and the writer's own comment, members and a moderator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from madang.accounts.models import Member
from madang.boards import actions
from madang.boards.models import Post
from madang.comments.actions import create_comment
from madang.moderation.models import BoardModerator
from madang.moderation.reports import report

BODY = (
    "<p>오늘 마당에서 있었던 일을 적어 봅니다.</p>"
    "<blockquote>좋은 이웃이 좋은 마당을 만든다</blockquote>"
    '<p>자세한 내용은 <a href="https://example.com/news/1">기사</a>에 있습니다.</p>'
)


@dataclass
class Site:
    """The pages every checker reads, by name: (who reads it, its path)."""

    post: Post
    writer: Member
    reader: Member
    moderator: Member
    pages: dict[str, tuple[str, str]] = field(default_factory=dict)

    def member(self, role: str) -> Member | None:
        return {"guest": None, "reader": self.reader, "moderator": self.moderator}[role]


@pytest.fixture
def site(board, make_post, make_member, notice_kind) -> Site:
    board.comments_per_page = 5
    board.save()
    writer, reader, moderator = make_member("writer"), make_member("reader"), make_member("keeper")
    others = [make_member() for _ in range(3)]
    issue, news, _humor = board.categories.all()
    now = timezone.now()
    posts = [
        make_post(
            board,
            title=f"마당 소식 {index + 1}번째 이야기",
            body=BODY,
            category=(issue, news, None)[index % 3],
            author=others[index % 3],
            created_at=now - timedelta(days=(24 - index) * 40, minutes=index),
        )
        for index in range(24)
    ]
    post = make_post(board, title="가을 마당 모임 후기", body=BODY, category=issue, author=writer)
    for index in range(9):
        create_comment(post=post, author=others[index % 3], body=f"{index + 1}번째 댓글입니다")
    first = post.comments.order_by("pk").last()
    create_comment(post=post, author=writer, body="와 주셔서 고맙습니다", parent=first)
    create_comment(post=post, author=reader, body="다음 모임도 기대할게요")
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    BoardModerator.objects.create(board=board, member=moderator)
    report(reporter=reader, target=posts[3], reason="spam", text="광고 같습니다")
    number = post.number
    return Site(
        post=post,
        writer=writer,
        reader=reader,
        moderator=moderator,
        pages={
            "home": ("guest", "/"),
            "list": ("guest", "/square/"),
            "search": ("guest", "/search?q=마당"),
            "post-guest": ("guest", f"/square/{number}"),
            "post-member": ("reader", f"/square/{number}"),
            "write": ("reader", "/square/write"),
            "login": ("guest", "/accounts/login/"),
            "signup": ("guest", "/accounts/signup/"),
            "me": ("reader", "/me/"),
            "mod": ("moderator", "/mod/"),
        },
    )


def session_cookie(member: Member, url: str) -> dict[str, Any]:
    """A logged-in session for a browser context, made without the login form."""
    client = Client()
    client.force_login(member)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}
