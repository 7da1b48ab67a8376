"""Reading through the API: boards, notices, lists (pages and cursors), posts, comments,
the hot board and search, each as its page reads it."""

from __future__ import annotations

import pytest

from madang.boards import hot
from madang.boards.actions import pin_notice
from madang.boards.models import Access, Board, Post
from madang.comments import actions as comment_actions


def test_boards_lists_the_boards_a_guest_may_read(guest, board, make_board):
    make_board("closed", name="회원 게시판", read_access=Access.MEMBERS)
    response = guest.get("/boards")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()] == ["square"]
    assert response.json()[0]["name"] == "스퀘어"


def test_boards_lists_a_members_board_to_a_member(board, make_board, member, as_member):
    make_board("closed", name="회원 게시판", read_access=Access.MEMBERS)
    slugs = [item["slug"] for item in as_member(member).get("/boards").json()]
    assert slugs == ["square", "closed"]


def test_a_board_has_its_categories(guest, board):
    body = guest.get("/boards/square").json()
    assert [c["name"] for c in body["categories"]] == ["이슈", "기사/뉴스", "유머"]
    assert body["may_post"] is False  # a guest; the page offers the form, the API says no


def test_a_board_a_guest_may_not_read_is_403_with_the_pages_message(guest, make_board):
    make_board("closed", name="회원 게시판", read_access=Access.MEMBERS)
    response = guest.get("/boards/closed/posts")
    assert response.status_code == 403
    assert response.json()["detail"] == "이 게시판은 회원만 읽을 수 있습니다."


def test_a_missing_board_is_404(guest, db):
    assert guest.get("/boards/nowhere").status_code == 404


def test_notices_hold_the_boards_and_the_site_wide_ones(guest, board, posts, notice_kind):
    pin_notice(post=posts[0], kind=notice_kind, board=board)
    pin_notice(post=posts[1], kind=notice_kind, board=None)
    notices = guest.get("/boards/square/notices").json()
    assert [(n["post"]["title"], n["site_wide"]) for n in notices] == [
        ("글 2", True),  # the newest pinned first, as above the list
        ("첫 글", False),
    ]
    assert notices[0]["kind"] == "공지"


def test_the_list_is_newest_first_in_numbered_pages(guest, posts, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    first = guest.get("/boards/square/posts").json()
    assert [row["number"] for row in first["posts"]] == [5, 4]
    assert (first["page"], first["last_page"], first["total"]) == (1, 3, 5)
    third = guest.get("/boards/square/posts?page=3").json()
    assert [row["number"] for row in third["posts"]] == [1]
    assert third["next_before"] is None
    assert guest.get("/boards/square/posts?page=9").json()["posts"] == []


def test_the_list_walks_down_by_cursor(guest, posts, settings):
    settings.MADANG_POSTS_PER_PAGE = 2
    seen, before = [], None
    while True:
        query = f"?before={before}" if before else ""
        page = guest.get(f"/boards/square/posts{query}").json()
        seen += [row["number"] for row in page["posts"]]
        before = page["next_before"]
        if before is None:
            break
    assert seen == [5, 4, 3, 2, 1]


def test_page_and_cursor_together_are_refused(guest, posts):
    response = guest.get("/boards/square/posts?page=1&before=3")
    assert response.status_code == 422
    assert "before" in response.json()["errors"]


def test_the_list_of_a_category(guest, posts):
    rows = guest.get("/boards/square/posts?category=c0").json()["posts"]
    assert [row["title"] for row in rows] == ["첫 글"]
    assert rows[0]["category"] == {"slug": "c0", "name": "이슈"}
    assert guest.get("/boards/square/posts?category=nope").status_code == 404


def test_a_post_as_its_page_shows_it(guest, posts):
    post = posts[0]
    Post.objects.filter(pk=post.pk).update(source_url="https://example.com/a")
    body = guest.get("/boards/square/posts/1").json()
    assert body["title"] == "첫 글"
    assert body["body_html"] == "<p>본문</p>"
    assert body["author"] == {"name": "익명의 마당발"}
    assert body["source_url"] == "https://example.com/a"
    assert body["created_at"].endswith("+09:00")  # Seoul, as the pages show times
    assert (body["scrapped"], body["my_vote"], body["mine"]) == (None, None, False)


def test_a_post_shows_its_writer_that_it_is_theirs(posts, writer_api):
    assert writer_api.get("/boards/square/posts/1").json()["mine"] is True


def test_a_missing_post_is_404(guest, posts):
    assert guest.get("/boards/square/posts/99").status_code == 404


@pytest.fixture
def thread(posts, make_member, make_comment):
    """On post 1: a comment by the post's writer, a reply by someone else, another comment."""
    post = posts[0]
    first = make_comment(post, body="글쓴이 댓글")
    other = make_member("other-commenter")
    comment_actions.create_comment(post=post, author=other, body="답글", parent=first)
    make_comment(post, body="두 번째", author=other)
    return post


def test_comments_in_thread_order_with_the_post_authors_mark(guest, thread):
    page = guest.get("/boards/square/posts/1/comments").json()
    shown = [(c["body"], c["number"], c["by_post_author"]) for c in page["comments"]]
    assert shown == [("글쓴이 댓글", 1, True), ("답글", 2, False), ("두 번째", 3, False)]
    assert page["total"] == 3
    assert page["comments"][1]["parent_id"] == page["comments"][0]["id"]
    assert page["comments"][0]["author"] == {"name": "익명의 마당발"}


def test_new_comments_after_an_id_include_replies_to_older_threads(
    guest, thread, member, make_comment
):
    newest = guest.get("/boards/square/posts/1/comments").json()["newest_id"]
    root = thread.comments.order_by("id").first()
    comment_actions.create_comment(post=thread, author=member, body="늦은 답글", parent=root)
    make_comment(thread, body="새 댓글")
    page = guest.get(f"/boards/square/posts/1/comments?after={newest}").json()
    assert [c["body"] for c in page["comments"]] == ["늦은 답글", "새 댓글"]
    assert page["newest_id"] > newest


def test_older_threads_before_a_thread(guest, board, thread, make_comment):
    Board.objects.filter(pk=board.pk).update(comments_per_page=1)
    newest = guest.get("/boards/square/posts/1/comments").json()
    assert [c["body"] for c in newest["comments"]] == ["두 번째"]
    assert newest["has_older"] is True
    older = guest.get(f"/boards/square/posts/1/comments?before={newest['oldest_thread_id']}").json()
    assert [c["body"] for c in older["comments"]] == ["글쓴이 댓글", "답글"]


def test_the_hot_board(guest, posts):
    hot.refresh_hot_scores()  # nothing is hot without engagement
    assert guest.get("/hot").json() == {"posts": [], "page": 1, "last_page": 1, "total": 0}
    post = posts[2]
    Post.objects.filter(pk=post.pk).update(comment_count=5, scrap_count=3)
    hot.refresh_hot_scores()
    rows = guest.get("/hot").json()["posts"]
    assert [(row["board"], row["number"]) for row in rows] == [("square", post.number)]


def test_search_finds_posts_by_title(guest, posts):
    page = guest.get("/search?q=첫").json()  # one character: the newest titles scanned
    assert [hit["post"]["title"] for hit in page["hits"]] == ["첫 글"]
    page = guest.get("/search?q=본문&board=square").json()
    assert len(page["hits"]) == 5
    assert "<mark>본문</mark>" in page["hits"][0]["excerpt_html"]


def test_search_of_comments_names_the_comment(guest, thread):
    page = guest.get("/search?q=두 번째&in=comments").json()
    assert [hit["comment_id"] for hit in page["hits"]] == [thread.comments.get(body="두 번째").pk]


def test_search_is_refused_to_guests_where_the_site_says_so(guest, posts, settings):
    settings.MADANG_SEARCH_GUESTS = False
    response = guest.get("/search?q=본문")
    assert response.status_code == 403
    assert response.json()["detail"] == "검색은 회원만 할 수 있습니다."
