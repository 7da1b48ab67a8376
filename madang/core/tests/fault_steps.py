"""Steps of the fault tests that run inside a madang process of their own.

``faultkit.in_child`` runs one in ``madang shell``, with the settings of the
private services (DATABASE_URL, REDIS_URL); it prints its result as JSON.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Callable
from typing import Any

ADDRESS = "203.0.113.9"  # documentation range: a client address for the traces


def main(step: str, raw_arguments: str) -> None:
    arguments = json.loads(raw_arguments)
    result = STEPS[step](**arguments)
    print(json.dumps(result), flush=True)


def seed(*, members: list[str], password: str, extra_posts: int = 0) -> dict[str, Any]:
    """A board with a category, members who can log in, a post with a comment, a draft;
    and ``extra_posts`` more posts, each with a comment (many pages to render)."""
    from madang.accounts.models import Member, MemberSession
    from madang.boards import actions, drafts
    from madang.boards.models import Board, Post
    from madang.comments.actions import create_comment

    # Writers under load post far more, and faster, than a person would.
    board = actions.create_board(
        slug="faults", name="장애 시험", post_gap_seconds=0, comment_gap_seconds=0
    )
    Board.objects.filter(pk=board.pk).update(posts_per_hour=30000, comments_per_hour=30000)
    category = actions.create_category(board=board, slug="talk", name="잡담")
    people = [Member.objects.create_user(username=name, password=password) for name in members]
    post = actions.create_post(
        board=board,
        author=people[0],
        title="레디스가 없어도 보이는 글",
        body="<div>데이터베이스에서 그려지는 본문</div>",
        category=category,
    )
    create_comment(post=post, author=people[-1], body="먼저 단 댓글")
    drafts.save_draft(
        member=people[0],
        board=board,
        post=None,
        title="쓰다 만 글",
        body="<div>아직 쓰는 중</div>",
        category=category,
        source_url="",
    )
    for number in range(extra_posts):
        more = actions.create_post(
            board=board,
            author=people[number % len(people)],
            title=f"여러 번 그려질 글 {number}",
            body=f"<div>본문 {number}</div>",
            category=category,
        )
        create_comment(post=more, author=people[-1], body=f"댓글 {number}")
    return {
        "board": board.pk,
        "category": category.pk,
        "post": post.pk,
        "number": post.number,
        "state": state(board=board.pk),
        # For tests that hold locks on them from outside.
        "tables": {"post": Post._meta.db_table, "session": MemberSession._meta.db_table},
    }


def state(*, board: int) -> dict[str, Any]:
    """Everything a post or comment write touches on the board, as plain data."""
    from madang.accounts.models import ClientTrace
    from madang.boards.models import Board, Category, Draft, PageAnchor, Post
    from madang.comments.models import Comment

    row = Board.objects.values("last_number", "post_count").get(pk=board)
    posts = Post.objects.filter(board_id=board)
    return {
        "board": row,
        "categories": sorted(
            Category.objects.filter(board_id=board).values_list("pk", "post_count")
        ),
        "posts": sorted(posts.values_list("number", "status", "comment_count", "view_count", "pk")),
        "titles": sorted(posts.values_list("title", flat=True)),
        "comments": sorted(
            Comment.objects.filter(post__board_id=board).values_list(
                "pk", "post_id", "status", "body"
            )
        ),
        "anchors": sorted(
            PageAnchor.objects.filter(board_id=board).values_list("scope", "rank", "number")
        ),
        "drafts": Draft.objects.filter(board_id=board).count(),
        "traces": sorted(ClientTrace.objects.values_list("kind", "object_id")),
    }


def write_and_die(*, kind: str, board: int, category: int, post: int) -> None:
    """The real write path, killed by SIGKILL after its rows are in, before it commits.

    ``record_client_trace`` runs inside the write's transaction, after the new
    row (for a comment, only the post's count update follows it): by then the
    post (or comment) row, the board's number and counts, the page
    anchors, the category count and the draft removal are all written. The
    stand-in does the real step, shows the new row is there, and kills the
    process, as the kernel's OOM killer or a lost machine would.
    """
    from unittest import mock

    from django.db import connection

    from madang.accounts import actions as account_actions
    from madang.boards import actions as board_actions
    from madang.boards import paging
    from madang.boards.models import Post
    from madang.comments import actions as comment_actions
    from madang.comments.models import Comment

    # Every post an anchor, so that this write adds anchor rows as well.
    paging.ANCHOR_SPACING = 1
    real_trace = account_actions.record_client_trace

    def trace_then_die(**fields: Any) -> None:
        real_trace(**fields)
        model = Post if fields["kind"] == "post" else Comment
        seen = {
            "row_inserted": model.objects.filter(pk=fields["object_id"]).exists(),
            "in_transaction": connection.in_atomic_block,
        }
        print(json.dumps(seen), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

    with (
        mock.patch.object(board_actions, "record_client_trace", trace_then_die),
        mock.patch.object(comment_actions, "record_client_trace", trace_then_die),
    ):
        _write(kind=kind, board=board, category=category, post=post, words="끝내 못 쓴 글")
    print(json.dumps({"survived": True}), flush=True)


def write_again(*, kind: str, board: int, category: int, post: int) -> dict[str, Any]:
    """The board as found, then the same write uninterrupted, and the board after it."""
    found = state(board=board)
    written = _write(kind=kind, board=board, category=category, post=post, words="다시 쓴 글")
    return {"found": found, "written": written, "after": state(board=board)}


def _write(*, kind: str, board: int, category: int, post: int, words: str) -> dict[str, Any]:
    """A post on the board, or a comment on the post, by the first member."""
    from madang.accounts.models import Member
    from madang.boards import actions as board_actions
    from madang.boards.models import Board, Category, Post
    from madang.comments import actions as comment_actions

    author = Member.objects.order_by("pk").first()
    assert author is not None
    if kind == "post":
        written = board_actions.create_post(
            board=Board.objects.get(pk=board),
            author=author,
            title=words,
            body=f"<div>{words}</div>",
            category=Category.objects.get(pk=category),
            address=ADDRESS,
        )
        return {"number": written.number}
    comment = comment_actions.create_comment(
        post=Post.objects.get(pk=post), author=author, body=words, address=ADDRESS
    )
    return {"comment": comment.pk}


STEPS: dict[str, Callable[..., Any]] = {
    "seed": seed,
    "state": state,
    "write_and_die": write_and_die,
    "write_again": write_again,
}
