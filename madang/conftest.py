"""Shared fixtures, and the groups of tests that need PostgreSQL, Redis, a browser or nginx.

A group whose service is missing is skipped with the reason printed by ``-ra``.
CI sets ``MADANG_REQUIRE_GROUPS=postgres,redis,browser`` (or a subset): a
required group that cannot run then fails the run instead of being skipped. The
``checkers`` group (axe, the Nu HTML checker, Lighthouse from tools/checkers) is
required wherever ``browser`` is.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from madang.accounts.models import Member
from madang.boards import actions as board_actions
from madang.boards.models import Board, Category, NoticeKind, Post
from madang.comments import actions as comment_actions
from madang.comments.models import Comment

CHROMIUM = os.environ.get("MADANG_CHROMIUM", "/usr/bin/chromium")


GROUPS = ("postgres", "sqlite", "redis", "browser", "checkers", "replica", "nginx", "faults")


@cache
def group_missing(group: str) -> str | None:
    """Why a group of tests cannot run here, or None when it can."""
    if group == "postgres":
        if connection.vendor != "postgresql":
            return "PostgreSQL tests need DATABASE_URL=postgres://... (running on SQLite)"
    elif group == "sqlite":
        if connection.vendor != "sqlite":
            return "SQLite tests run in the embedded default's run (no DATABASE_URL)"
    elif group == "redis":
        if not settings.REDIS_URL:
            return "Redis tests need REDIS_URL=redis://..."
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
        except redis.RedisError as error:
            return f"Redis at REDIS_URL does not answer: {error}"
    elif group == "replica":
        if connection.vendor != "postgresql":
            return "replica tests run in the PostgreSQL run (DATABASE_URL=postgres://...)"
        from madang.core.tests.pgcluster import missing_reason

        return missing_reason()
    elif group == "nginx":
        from madang.core.nginx import has_brotli, nginx_binary

        if nginx_binary() is None:
            return "nginx tests need nginx (apt-get install nginx): none on PATH or in /usr/sbin"
        if not has_brotli():
            return (
                "nginx tests need its brotli module"
                " (apt-get install libnginx-mod-http-brotli-filter)"
            )
    elif group == "faults":
        # They start their own Redis and PostgreSQL, whatever the suite runs on: once is enough.
        if connection.vendor != "postgresql":
            return "fault tests run in the PostgreSQL run (DATABASE_URL=postgres://...)"
        from madang.core.tests.fault_services import faults_missing

        return faults_missing()
    elif group == "browser":
        if not shutil.which(CHROMIUM):
            return f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return "browser tests need Playwright for Python (pip install playwright)"
    elif group == "checkers":
        from madang.core.tests.checkers import checkers_missing

        return group_missing("browser") or checkers_missing()
    return None


def required_groups() -> set[str]:
    raw = os.environ.get("MADANG_REQUIRE_GROUPS", "")
    required = {group.strip() for group in raw.split(",") if group.strip()}
    if "browser" in required:
        required.add("checkers")  # the accessibility checkers (axe, Nu, Lighthouse) go with it
    return required


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    required = required_groups()
    for item in items:
        for group in GROUPS:
            if group not in item.keywords:
                continue
            reason = group_missing(group)
            if reason is None:
                continue
            if group in required:
                item.user_properties.append(("missing", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A required group that cannot run fails its tests before any fixture is set up.
    (A ``usefixtures`` mark added after collection is never read: the tests ran, and
    failed on whatever the missing service broke, or passed without it.)"""
    reason = dict(item.user_properties).get("missing")
    if reason is not None:
        pytest.fail(f"required group cannot run (MADANG_REQUIRE_GROUPS): {reason}")


def pytest_report_header(config: pytest.Config) -> list[str]:
    lines = []
    for group in GROUPS:
        reason = group_missing(group)
        lines.append(f"madang group {group}: {'runs' if reason is None else 'skipped: ' + reason}")
    return lines


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (Redis keeps keys between tests otherwise)."""
    from django.core.cache import cache

    from madang.boards.queries import forget_boards_for_writing
    from madang.core import pagecache
    from madang.news import windows

    cache.clear()
    pagecache.forget_memos()
    forget_boards_for_writing()
    windows.forget()  # the boards' windows of recent stories, whose rows the test rolls back


def _view_flushers() -> set[threading.Thread]:
    """The view flusher threads running (``InProcessCounter``'s, which never end)."""
    from madang.boards.viewcounts import InProcessCounter

    flush_forever = InProcessCounter._flush_forever
    return {
        thread
        for thread in threading.enumerate()
        # A running thread keeps its target; the flusher's is a counter's bound method.
        if getattr(getattr(thread, "_target", None), "__func__", None) is flush_forever
    }


@pytest.fixture(autouse=True)
def _no_view_flusher_left() -> Iterator[None]:
    """A test that starts the view flusher fails: the thread cannot be stopped, and would
    write the views of a counter no test sees into the database for the rest of the run.
    The suite's settings leave flushing to the tests (MADANG_VIEWS_MANUAL_FLUSH)."""
    before = _view_flushers()
    yield
    left = _view_flushers() - before
    if left:
        pytest.fail(
            f"the test left {len(left)} view flusher thread(s) running: flush by hand "
            "(MADANG_VIEWS_MANUAL_FLUSH, the boards tests' `counter` fixture)"
        )


# --- browser ---


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    from madang.testing import LAUNCH_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A Korean-speaking desktop browser tab of its own."""
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


# --- factories --------------------------------------------------------------------------------

_names = itertools.count(1)


@pytest.fixture
def make_member(db: None) -> Callable[..., Member]:
    def make(username: str | None = None, **extra: object) -> Member:
        return Member.objects.create_user(
            username=username or f"member{next(_names)}",
            password="not-used-here",  # noqa: S106
            **extra,
        )

    return make


@pytest.fixture
def member(make_member: Callable[..., Member]) -> Member:
    return make_member()


@pytest.fixture
def make_board(db: None) -> Callable[..., Board]:
    def make(slug: str | None = None, categories: tuple[str, ...] = (), **extra: Any) -> Board:
        # Writes in a test follow each other at once: the flood gaps have tests of their own.
        extra.setdefault("post_gap_seconds", 0)
        extra.setdefault("comment_gap_seconds", 0)
        board = board_actions.create_board(
            slug=slug or f"board{next(_names)}", name=extra.pop("name", "게시판"), **extra
        )
        for order, name in enumerate(categories):
            board_actions.create_category(board=board, slug=f"c{order}", name=name, order=order)
        return board

    return make


@pytest.fixture
def board(make_board: Callable[..., Board]) -> Board:
    return make_board("square", categories=("이슈", "기사/뉴스", "유머"), name="스퀘어")


@pytest.fixture
def make_post(member: Member) -> Callable[..., Post]:
    def make(
        board: Board,
        title: str = "제목",
        body: str = "<p>본문</p>",
        category: Category | None = None,
        author: Member | None = None,
        created_at: datetime | None = None,
        **extra: str,
    ) -> Post:
        return board_actions.create_post(
            board=board,
            author=author or member,
            title=title,
            body=body,
            category=category,
            created_at=created_at,
            **extra,
        )

    return make


@pytest.fixture
def make_comment(member: Member) -> Callable[..., Comment]:
    def make(post: Post, body: str = "댓글", author: Member | None = None) -> Comment:
        return comment_actions.create_comment(post=post, author=author or member, body=body)

    return make


@pytest.fixture
def notice_kind(db: None) -> NoticeKind:
    return board_actions.create_notice_kind(name="공지", order=1)


# --- pieces kept in the process (core/fragments.py) ---------------------------------------


@pytest.fixture
def renders_every_page(settings: Any) -> Iterator[None]:
    """The page cache off (it would answer before any kept piece is asked for) and no
    piece kept from an earlier test, nor left for the next."""
    from madang.core import fragments

    settings.MADANG_PAGE_CACHE = False
    fragments.forget()
    yield
    fragments.forget()


@pytest.fixture
def pieces_rendered(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], list[int]]:
    """``pieces_rendered(template)``: how many pieces of that template each counted request
    rendered rather than took from the process. A test appends 0 before each request it
    counts; requests before the first are not counted."""
    from madang.core import fragments

    def counting(template: str) -> list[int]:
        counts: list[int] = []
        real_put = fragments.put

        def put(key: Any, piece: Any) -> None:
            if counts and key[0] == template:
                counts[-1] += 1
            real_put(key, piece)

        monkeypatch.setattr(fragments, "put", put)
        return counts

    return counting
