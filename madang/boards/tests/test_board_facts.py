"""What each process keeps of a board (boards/boardfacts.py): its row, categories and
notices under the board's and the site's generations, renewed by every write."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.boards import actions, boardfacts


@pytest.fixture(autouse=True)
def keeping(settings):
    settings.MADANG_KEEP_BOARD_FACTS = True
    boardfacts.forget()
    yield
    boardfacts.forget()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_a_render_reads_only_its_rows_once_the_board_is_kept(
    client, board, make_post, notice_kind, django_assert_num_queries
):
    categories = list(board.categories.all())
    posts = [make_post(board, title=f"글 {i}", category=categories[i % 3]) for i in range(45)]
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    with django_assert_num_queries(5):  # the board's id, the board, categories, notices, rows
        client.get("/square/")
    with django_assert_num_queries(1):  # another page of the board: its rows alone
        page = soup(client.get(f"/square/?category={categories[0].slug}"))
    assert len(page.select("tbody.notices tr")) == 1
    assert [a.get_text() for a in page.select("nav.category-filter a")][-3:] == [
        c.name for c in categories
    ]


def test_a_write_renews_what_is_kept(
    client, board, make_post, notice_kind, django_capture_on_commit_callbacks
):
    posts = [make_post(board, title=f"글 {i}") for i in range(20)]
    first = soup(client.get("/square/?page=1"))
    assert not first.select("tbody.notices tr") and not first.select("nav.pagination")
    with django_capture_on_commit_callbacks(execute=True):  # the generations' bumps
        actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    assert len(soup(client.get("/square/?page=1")).select("tbody.notices tr")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        make_post(board, title="스물한째 글")  # the board's post count: a second page
    assert soup(client.get("/square/?page=1")).select("nav.pagination a[href$='page=2']")


def test_each_reader_gets_copies_of_what_is_kept(board, make_post, notice_kind):
    post = make_post(board)
    actions.pin_notice(post=post, kind=notice_kind, board=board)
    one, other = boardfacts.facts_of("square"), boardfacts.facts_of("square")
    one.notices[0].post.veiled = True  # type: ignore[attr-defined]  # as present() marks it
    one.board.name = "바뀐 이름"
    assert not hasattr(other.notices[0].post, "veiled")
    assert other.board.name == "스퀘어"


def test_nothing_is_kept_while_the_cache_is_away(board, monkeypatch, django_assert_num_queries):
    def away(*args, **kwargs):
        raise ConnectionError("cache away")

    monkeypatch.setattr(boardfacts.pagecache, "read_fresh", away)
    boardfacts.facts_of("square")
    with django_assert_num_queries(3):
        boardfacts.facts_of("square")
