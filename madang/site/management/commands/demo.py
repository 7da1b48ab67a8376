"""``madang demo``: the demo site, written for madang, loaded once.

The words are data (``demo.toml`` beside this file); this command dates the
posts, picks their writers and comments, and writes them through the actions.
Running it again changes nothing: boards, categories and notice kinds are
matched by name, and a board's posts are written only while it has none.
"""

from __future__ import annotations

import random
import tomllib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from madang.accounts.models import Member
from madang.boards import actions as board_actions
from madang.boards import best, votes
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Access, Board, Category, NoticeKind, Post
from madang.comments import actions as comment_actions
from madang.site import demo_media

CONTENT = Path(__file__).with_name("demo.toml")
NOTICE_KINDS = ["이벤트", "공지", "정보", "팁"]
DEMO_MEMBERS = 12
TODAY_SHARE = 30  # of square's posts written today; the rest spread over this year and before


def load_content() -> dict[str, Any]:
    with CONTENT.open("rb") as data:
        return tomllib.load(data)


class Command(BaseCommand):
    help = "Load the demo boards, posts, notices and comments (idempotent)."
    comments: dict[str, list[str]]  # the lines of demo.toml's [comments]

    def handle(self, *args: object, **options: object) -> None:
        content = load_content()
        self.comments = content["comments"]
        rng = random.Random(20261127)
        self.votes_rng = random.Random(20261206)  # its own, so that the rest stays as it was
        now = timezone.now()
        with transaction.atomic():
            members = self.demo_members()
            boards = {
                spec["slug"]: self.ensure_board(spec, order)
                for order, spec in enumerate(content["boards"])
            }
            kinds = {
                name: NoticeKind.objects.get_or_create(name=name, defaults={"order": order})[0]
                for order, name in enumerate(NOTICE_KINDS)
            }
        written = 0
        for spec in content["boards"]:
            board = boards[spec["slug"]]
            if board.post_count:
                continue
            posts = content["posts"].get(board.slug, [])
            today = TODAY_SHARE if board.slug == "square" else 3
            items: list[tuple[datetime, dict, NoticeKind | None]] = [
                (moment, post, None)
                for moment, post in zip(
                    spread_moments(len(posts), now, rng, today), posts, strict=True
                )
            ]
            for order, notice in enumerate(content["notices"]):
                if notice.get("board", "notice") == board.slug:
                    moment = now - timedelta(days=rng.uniform(30, 700))
                    items.append((moment, {**notice, "order": order}, kinds[notice["kind"]]))
            items.sort(key=lambda item: item[0])
            written += self.write_posts(board, items, members, rng, boards)
        if written:
            refresh_hot_scores()  # the hot board and the home page's hot posts, at once
            self.stdout.write(self.style.SUCCESS(f"demo content written: {written} posts"))
        else:
            self.stdout.write("demo content already present")

    def demo_members(self) -> list[Member]:
        members = []
        for index in range(1, DEMO_MEMBERS + 1):
            member, created = Member.objects.get_or_create(username=f"demo{index:02d}")
            if created:
                member.set_unusable_password()
                member.save(update_fields=["password"])
            members.append(member)
        return members

    def ensure_board(self, spec: dict, order: int) -> Board:
        board = Board.objects.filter(slug=spec["slug"]).first()
        if board is None:
            board = board_actions.create_board(
                slug=spec["slug"],
                name=spec["name"],
                description=spec["description"],
                order=order,
                post_access=spec.get("post_access", Access.MEMBERS),
                downvotes=spec.get("downvotes", False),
            )
        for position, category in enumerate(spec["categories"]):
            if not Category.objects.filter(board=board, slug=category["slug"]).exists():
                board_actions.create_category(
                    board=board,
                    slug=category["slug"],
                    name=category["name"],
                    order=position,
                    requires_source=category.get("requires_source", False),
                )
        return board

    def write_posts(
        self,
        board: Board,
        items: list[tuple[datetime, dict, NoticeKind | None]],
        members: list[Member],
        rng: random.Random,
        boards: dict[str, Board],
    ) -> int:
        """Write in time order, so numbers grow with the dates as on a real board."""
        categories = {category.slug: category for category in board.categories.all()}
        for moment, spec, notice_kind in items:
            author = members[0] if notice_kind else rng.choice(members)
            body = demo_media.with_picture(
                spec["title"], spec["body"], author.pk, rng.randrange(99)
            )
            post = board_actions.create_post(
                board=board,
                author=author,
                title=spec["title"],
                body=body,
                category=categories.get(spec.get("category") or ""),
                source_url=spec.get("source_url", ""),
                created_at=moment,
            )
            self.write_comments(post, author, members, moment, rng)
            if notice_kind is None:
                age_hours = max(1.0, (timezone.now() - moment).total_seconds() / 3600)
                views = int(rng.lognormvariate(5.5, 1.1) * min(age_hours, 48) ** 0.5)
                views += post.comment_count * 9
            else:
                views = rng.randint(20_000, 2_000_000)
                target = boards[spec["board"]] if "board" in spec else None  # none: site-wide
                board_actions.pin_notice(
                    post=post, kind=notice_kind, board=target, order=spec["order"]
                )
            Post.objects.filter(pk=post.pk).update(
                view_count=views, scrap_count=rng.choice([0, 0, 0, 1, 2, 5])
            )
            if notice_kind is None:
                self.write_votes(post, author, members, board)
        return len(items)

    def write_votes(self, post: Post, author: Member, members: list[Member], board: Board) -> None:
        """추천 from a few members (from all but one, now and then: a best post), and 비추천
        where the board takes them."""
        rng = self.votes_rng
        others = [member for member in members if member.pk != author.pk]
        rng.shuffle(others)
        liked = min(len(others), rng.choice([0] * 5 + [1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 10, 11]))
        for voter in others[:liked]:
            votes.cast_vote(member=voter, post=post, value=votes.UP)
        disliked = rng.choice([0, 0, 0, 0, 1, 2]) if board.downvotes else 0
        for voter in others[liked : liked + disliked]:
            votes.cast_vote(member=voter, post=post, value=votes.DOWN)
        best.promote_if_due(post_id=post.pk, board_id=board.pk)

    def write_comments(
        self,
        post: Post,
        author: Member,
        members: list[Member],
        posted: datetime,
        rng: random.Random,
    ) -> None:
        count = rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 14, 25])
        if rng.random() < 0.03:
            count = 130  # a few busy posts show "댓글 더 보기"
        now = timezone.now()
        moment = posted
        for _ in range(count):
            room = max(1.0, (now - moment).total_seconds())
            moment = moment + timedelta(seconds=min(room * rng.random() * 0.2, 5400))
            by_author = rng.random() < 0.12
            comment_actions.create_comment(
                post=post,
                author=author if by_author else rng.choice(members),
                body=rng.choice(self.comments["author" if by_author else "anyone"]),
                created_at=moment,
            )


def spread_moments(
    count: int, now: datetime, rng: random.Random, today: int = TODAY_SHARE
) -> list[datetime]:
    """Oldest first: some years back, most this year, the newest ``today`` in Seoul."""
    local_now = timezone.localtime(now)
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    new_year = midnight.replace(month=1, day=1)
    older = max(0, count - today) // 3
    this_year = max(0, count - today - older)
    moments: list[datetime] = []
    for _ in range(older):
        moments.append(new_year - timedelta(days=rng.uniform(1, 365 * 4)))
    span = max(0.0, (midnight - new_year).total_seconds() - 1)
    for _ in range(this_year):
        moments.append(new_year + timedelta(seconds=rng.uniform(0, span)))
    span_today = max(1.0, (local_now - midnight).total_seconds() - 60)
    for _ in range(count - older - this_year):
        moments.append(midnight + timedelta(seconds=rng.uniform(0, span_today)))
    return sorted(moments)
