"""What ``madang bench`` measures against: its members, the post it reads, the list
as a picture board's, the hot board, and the wrk scripts of its writers, its viewers
and its readers of random pages and posts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.accounts.sessions import SessionStore
from madang.boards import actions
from madang.boards.hot import refresh_hot_scores
from madang.boards.models import Board, Post
from madang.boards.votes import UP, cast_vote, vote_of
from madang.comments.actions import create_comment
from madang.comments.models import Comment
from madang.core import bench
from madang.notifications.actions import forget_notifications_about, mark_all_read
from madang.site import demo_media


def session_cookie(member: Member) -> str:
    store = SessionStore()
    store["_auth_user_id"] = str(member.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    store["_auth_user_hash"] = member.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def bench_member(name: str) -> Member:
    member, created = Member.objects.get_or_create(username=name)
    if created:
        member.set_unusable_password()
        member.save()
    return member


BENCH_POST_TITLE = "벤치마크용 글: 사진 10장"
BENCH_WRITER = "bench_writer"  # the measured post's writer, told of every comment on it
PICTURES = 10


def post_with_comments(board: Board, count: int = 100) -> Post:
    """The post measured: ten pictures (as a picture post has) and ``count`` comments."""
    post = (
        Post.objects.filter(
            board=board, status="published", comment_count=count, title=BENCH_POST_TITLE
        )
        .order_by("-number")
        .first()
    )
    if post is not None:
        return post
    writer = bench_member(BENCH_WRITER)
    pictures = "".join(demo_media.picture(writer.pk, seed) for seed in range(PICTURES))
    post = actions.create_post(
        board=board, author=writer, title=BENCH_POST_TITLE, body=f"{pictures}<p>댓글 100개</p>"
    )
    for index in range(count):
        create_comment(post=post, author=writer, body=f"벤치마크 댓글 {index + 1}")
    return post


def read_bench_notifications() -> int:
    """The comment writes told the measured post's writer of each comment (about 1,700 a
    run): read, so that the next run starts with nothing unread, as this one did."""
    return mark_all_read(member=bench_member(BENCH_WRITER))


def forget_bench_notifications(names: list[str], *, since: datetime) -> int:
    """The notifications made since ``since`` by the comments of the bench members
    ``names``, deleted: the writers of the posts they commented on, the bench's and the
    seeded members', start the next run as they started this one."""
    refs = [author_ref_for(bench_member(name).pk) for name in names]
    comments = Comment.objects.filter(author_ref__in=refs, created_at__gte=since)
    return forget_notifications_about(comments=comments)


def list_with_pictures(board: Board, post: Post) -> None:
    """The first page as a picture board's: every row with the measured post's pictures
    (their icon and thumbnail), and the board showing thumbnails while the bench runs."""
    newest = Post.objects.filter(board=board, status="published").order_by("-number")
    rows = list(newest.values_list("pk", flat=True)[:20])
    Post.objects.filter(pk__in=rows).update(thumbnail=post.thumbnail, media_kinds=post.media_kinds)
    board.list_thumbnails = True
    board.save(update_fields=["list_thumbnails"])


HOT_POSTS = 150  # of the newest, voted on so that the hot board is full
HOT_VOTERS = 3


def hot_board(board: Board) -> float:
    """The hot board as a busy site's: three bench members' votes (real rows, so that the
    counters stay true) on the newest posts, then one refresh of the scores over the last
    seven days; the refresh's seconds."""
    voters = [bench_member(f"bench_voter_{index}") for index in range(HOT_VOTERS)]
    newest = Post.objects.filter(board=board, status="published").order_by("-number")
    for post in newest[:HOT_POSTS]:
        for voter in voters:
            if not vote_of(voter, post):
                cast_vote(member=voter, post=post, value=UP)
    started = time.perf_counter()
    refresh_hot_scores()
    return time.perf_counter() - started


@dataclass(frozen=True)
class PageSizes:
    """Bytes of the pages measured, for floors of the same size."""

    listing: int
    post: int
    hot: int
    search: int


def set_comment_limit(board: Board, per_hour: int, gap: int) -> None:
    """Saved (not updated), so that the signal tells the server's processes. The bench's
    writers write as fast as they can: the gap between one member's comments is lifted."""
    board.comments_per_hour = per_hour
    board.comment_gap_seconds = gap
    board.save(update_fields=["comments_per_hour", "comment_gap_seconds"])


def set_post_limit(board: Board, per_hour: int, gap: int) -> None:
    """As ``set_comment_limit``, for posts: the mix's members post every few seconds."""
    board.posts_per_hour = per_hour
    board.post_gap_seconds = gap
    board.save(update_fields=["posts_per_hour", "post_gap_seconds"])


def writer_script(folder: Path, path: str, cookies: list[tuple[str, str]]) -> str:
    """A wrk script: each connection posts comments as one of the bench members.

    Each wrk thread runs the script in a state of its own: the thread's number goes
    into every comment, or two threads would send the same text as the same member,
    which the repeat check refuses (boards/limits.py)."""
    pairs = ",\n".join(f'  {{"{cookie}", "{token}"}}' for cookie, token in cookies)
    script = folder / "comment.lua"
    script.write_text(
        f"local writers = {{\n{pairs}\n}}\n"
        "local threads = 0\n"
        "function setup(thread)\n"
        '  thread:set("id", threads)\n'
        "  threads = threads + 1\n"
        "end\n"
        "local counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        "  local w = writers[(counter % #writers) + 1]\n"
        '  local headers = {["Cookie"] = w[1] .. "; csrftoken=" .. w[2],\n'
        '    ["X-CSRFToken"] = w[2], ["Content-Type"] = "application/x-www-form-urlencoded"}\n'
        f'  return wrk.format("POST", "{path}", headers, "body=bench+" .. id .. "+" .. counter)\n'
        "end\n"
    )
    return str(script)


def viewer_script(folder: Path, viewers: int) -> str:
    """A wrk script: requests cycle through distinct browsers, each a viewer of its own.

    wrk runs the script once per thread; the threads take turns through the
    viewers (thread k sends k, k + threads, ...), so n requests always come
    from min(n, viewers) distinct browsers, however the threads share them.
    """
    script = folder / "views.lua"
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n"
        '  thread:set("id", threads)\n'
        "  threads = threads + 1\n"
        f'  thread:set("step", {bench.WRK_THREADS})\n'
        "end\n"
        "local counter = 0\n"
        "request = function()\n"
        "  local viewer = (counter * step + id) % "
        f"{viewers}\n"
        "  counter = counter + 1\n"
        '  local agent = "Mozilla/5.0 madang-bench-viewer-" .. viewer\n'
        '  return wrk.format("GET", nil, {["User-Agent"] = agent})\n'
        "end\n"
    )
    return str(script)


def random_pages_script(folder: Path, path: str, last_page: int) -> str:
    """A wrk script: each request a list page drawn at random from 2 to ``last_page``.

    Random, not one deep page asked for again and again: a page asked for twice is
    served the second time from what the processes keep (rows of the list kept by
    their content, the database's buffers), which is not what readers going through
    old pages cost. A board of one page has no deep page: it is asked for page 1."""
    return _random_paths(folder / "pages.lua", f"{path}?page=", min(2, last_page), last_page)


def random_posts_script(folder: Path, path: str, last_number: int) -> str:
    """A wrk script: each request the post of a number drawn at random from 1 to
    ``last_number``, for the same reason as ``random_pages_script``.

    A number whose post is gone answers 404 (or 301 where the post moved): wrk
    counts a 404 in "Non-2xx or 3xx responses", which ``bench.run_wrk`` reads as an
    error, and a 301 as an answer (it does not follow it). The seeded bench board
    has every number: expect no errors there."""
    return _random_paths(folder / "posts.lua", path, 1, last_number)


def _random_paths(script: Path, prefix: str, first: int, last: int) -> str:
    """A wrk script asking for ``prefix`` and a number from ``first`` to ``last``.

    Each wrk thread runs the script in a state of its own, seeded with the thread's
    number: with one seed, the two threads would ask for the same sequence."""
    script.write_text(
        "local threads = 0\n"
        "function setup(thread)\n"
        '  thread:set("id", threads)\n'
        "  threads = threads + 1\n"
        "end\n"
        "function init(args)\n"
        "  math.randomseed(os.time() + id)\n"
        "end\n"
        "request = function()\n"
        f'  return wrk.format("GET", "{prefix}" .. math.random({first}, {last}))\n'
        "end\n"
    )
    return str(script)
