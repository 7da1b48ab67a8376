from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from madang.boards import permissions
from madang.boards.models import Access, Board, Notice, Post
from madang.boards.visibility import Viewer
from madang.comments.models import Comment
from madang.site.management.commands.demo import CONTENT, load_content


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def test_demo_has_the_square_board_with_its_categories(demo):
    square = Board.objects.get(slug="square")
    assert square.name == "스퀘어"
    names = list(square.categories.order_by("order").values_list("name", flat=True))
    assert names == ["이슈", "기사/뉴스", "유머", "정보", "팁/유용/추천"]
    assert square.categories.get(name="기사/뉴스").requires_source
    assert Board.objects.count() >= 3


def test_demo_writes_about_200_square_posts_with_comments(demo):
    square = Board.objects.get(slug="square")
    assert 190 <= square.post_count <= 230
    assert Comment.objects.filter(post__board=square).count() > 500
    news = Post.objects.filter(board=square, category__slug="news")
    assert news.exists()
    assert all(post.source_url.startswith("https://") for post in news)


def test_demo_numbers_grow_with_the_dates(demo):
    for board in Board.objects.all():
        dates = list(
            Post.objects.filter(board=board).order_by("number").values_list("created_at", flat=True)
        )
        assert dates == sorted(dates)


def test_demo_notices_cover_every_kind_and_one_is_site_wide(demo):
    kinds = set(Notice.objects.values_list("kind__name", flat=True))
    assert kinds == {"이벤트", "공지", "정보", "팁"}
    assert Notice.objects.filter(board__isnull=True).count() == 1


def test_demo_list_shows_every_date_format(demo, client, settings):
    settings.MADANG_POSTS_PER_PAGE = 300
    html = client.get("/square/").content.decode()
    dates = re.findall(r"<time datetime=\"[^\"]+\">([^<]+)</time>", html)
    assert any(re.fullmatch(r"\d\d:\d\d", date) for date in dates)
    assert any(re.fullmatch(r"\d\d\.\d\d", date) for date in dates)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d", date) for date in dates)


def test_demo_can_run_again_without_changing_anything(demo):
    counts = (
        Board.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Notice.objects.count(),
    )
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "already present" in out.getvalue()
    assert counts == (
        Board.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Notice.objects.count(),
    )


def test_demo_text_is_free_of_personal_data():
    text = CONTENT.read_text(encoding="utf-8")
    assert not re.search(r"01[016789]-?\d{3,4}-?\d{4}", text)
    assert not re.search(r"[\w.]+@[\w-]+\.[a-z]{2,}", text)


def test_demo_writes_what_its_data_file_holds(demo):
    content = load_content()
    boards = {board.slug: board for board in Board.objects.all()}
    assert list(Board.objects.order_by("order").values_list("slug", flat=True)) == [
        spec["slug"] for spec in content["boards"]
    ]
    for spec in content["boards"]:
        board = boards[spec["slug"]]
        assert (board.name, board.description) == (spec["name"], spec["description"])
        categories = list(board.categories.order_by("order").values_list("slug", "name"))
        assert categories == [(each["slug"], each["name"]) for each in spec["categories"]]
        posts = content["posts"].get(board.slug, [])
        notices = [n for n in content["notices"] if n.get("board", "notice") == board.slug]
        assert board.post_count == len(posts) + len(notices)
        # Posts are dated oldest first, in the order of the file.
        titles = list(
            Post.objects.filter(board=board, notices__isnull=True)
            .order_by("number")
            .values_list("title", flat=True)
        )
        assert titles == [post["title"] for post in posts]
    pinned = Notice.objects.order_by("order").values_list("post__title", "board__slug")
    assert list(pinned) == [(n["title"], n.get("board")) for n in content["notices"]]
    lines = set(content["comments"]["anyone"]) | set(content["comments"]["author"])
    assert set(Comment.objects.values_list("body", flat=True)) <= lines


def test_demo_notice_board_is_written_by_staff_and_commented_on_by_members(demo):
    board = Board.objects.get(slug="notice")
    assert (board.post_access, board.comment_access) == (Access.STAFF, Access.MEMBERS)
    member = Viewer(author_ref="a" * 64, member_id=1)
    staff = Viewer(author_ref="b" * 64, member_id=2, is_staff=True)
    assert not permissions.can_post(board, member) and permissions.can_post(board, staff)
    assert permissions.can_comment(board, member)
    # The demo writes its notices through the actions, which do not ask.
    assert Notice.objects.filter(post__board=board).exists()


def test_demo_picture_posts_show_their_pictures(demo):
    """A title ending in .jpg shows a picture; one ending in .gif, a looping animation."""
    jpg = Post.objects.filter(title__endswith=".jpg").first()
    gif = Post.objects.filter(title__endswith=".gif").first()
    assert jpg is not None and gif is not None
    assert "media-picture" in jpg.body_html and "srcset=" in jpg.body_html
    assert "media-animation" in gif.body_html and "<video" in gif.body_html
    assert jpg.media_kinds and jpg.thumbnail
