from bs4 import BeautifulSoup


def test_directory_lists_every_board_with_its_newest_posts(
    client, board, make_board, make_post, django_assert_num_queries
):
    quiet = make_board("quiet", name="조용한 곳")
    for index in range(7):
        make_post(board, title=f"글 {index}")
    with django_assert_num_queries(3):  # the boards, their newest posts, the hot posts
        response = client.get("/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    cards = page.select(".board-card")
    assert [card.select_one(".board-name").get_text(strip=True) for card in cards] == [
        "스퀘어",
        "조용한 곳",
    ]
    latest = [a.get_text() for a in cards[0].select(".board-latest a")]
    assert latest == ["글 6", "글 5", "글 4", "글 3", "글 2"]
    assert cards[0].select_one(".board-latest a")["href"] == "/square/7"
    assert cards[1].select(".board-latest") == []
    assert quiet.post_count == 0


def test_a_new_post_shows_on_the_guests_cached_home_page_at_once(
    client, board, make_post, make_member, django_capture_on_commit_callbacks
):
    make_post(board, title="먼저 쓴 글", author=make_member("first"))
    client.get("/")
    assert client.get("/")["X-Madang-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_post(board, title="방금 쓴 글", author=make_member("second"))
    assert "방금 쓴 글" in client.get("/").content.decode()
