import pytest

from madang.boards.models import Board, Post


@pytest.fixture
def admin_client(client, make_member):
    admin = make_member(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_admin_hides_posts_through_the_action_keeping_counts(admin_client, board, make_post):
    posts = [make_post(board) for _ in range(3)]
    response = admin_client.post(
        "/admin/boards/post/",
        {"action": "hide", "_selected_action": [posts[0].pk, posts[1].pk]},
    )
    assert response.status_code == 302
    assert Board.objects.get(pk=board.pk).post_count == 1
    assert list(Post.objects.order_by("number").values_list("status", flat=True)) == [
        "hidden",
        "hidden",
        "published",
    ]


def test_admin_post_page_never_shows_the_author_reference(admin_client, board, make_post):
    post = make_post(board)
    html = admin_client.get(f"/admin/boards/post/{post.pk}/change/").content.decode()
    assert post.author_ref not in html
    assert admin_client.get("/admin/boards/post/").status_code == 200


def test_admin_pages_for_boards_and_notices_open(admin_client, board):
    for url in (
        "/admin/boards/board/",
        f"/admin/boards/board/{board.pk}/change/",
        "/admin/boards/notice/",
        "/admin/boards/noticekind/add/",
    ):
        assert admin_client.get(url).status_code == 200


def test_moderators_see_the_edit_history(admin_client, board, make_post):
    from madang.boards.actions import edit_post

    post = make_post(board, title="처음 제목", body="<p>처음 본문</p>")
    edit_post(post=post, title="고친 제목", body="<p>고친 본문</p>", category=None)
    html = admin_client.get(f"/admin/boards/post/{post.pk}/change/").content.decode()
    assert "처음 제목" in html and "처음 본문" in html
    assert post.author_ref not in html
