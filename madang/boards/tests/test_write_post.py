from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from madang.accounts import throttle
from madang.boards.models import Board, Draft, Post, PostRevision
from madang.core.formatting import full_datetime

GOOD = {"title": "처음 쓰는 글", "body": "<div>안녕하세요 <strong>반갑습니다</strong></div>"}


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


@pytest.fixture
def issue(board):
    return board.categories.get(name="이슈")


@pytest.fixture
def news(board):
    category = board.categories.get(name="기사/뉴스")
    category.requires_source = True
    category.save()
    return category


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def errors(response) -> str:
    return " ".join(
        node.get_text(" ", strip=True) for node in parse(response).select(".error, .form-errors")
    )


def test_write_page_needs_a_login(client, board):
    response = client.get("/square/write")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/square/write"


def test_write_page_has_the_editor_and_a_style_nonce(client, writer, board):
    response = client.get("/square/write")
    page = parse(response)
    assert page.select_one("trix-editor")["input"] == "id_body"
    nonce = page.select_one("meta[name=trix-csp-nonce]")["content"]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    assert [o.get_text() for o in page.select("#id_category option")][1:] == [
        "이슈",
        "기사/뉴스",
        "유머",
    ]


def test_writing_a_post(client, writer, board, issue):
    response = client.post("/square/write", {**GOOD, "category": issue.pk})
    post = Post.objects.get()
    assert response["Location"] == "/square/1"
    assert (post.title, post.category, post.body_source) == (GOOD["title"], issue, GOOD["body"])
    page = client.get("/square/1").content.decode()
    assert "글을 올렸습니다." in page
    assert 'data-draft-done="square:new"' in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "제목을 적어 주세요."),
        ({"title": "   "}, "제목을 적어 주세요."),
        ({"title": "가" * 301}, "제목은 300자까지 쓸 수 있습니다."),
        ({"category": ""}, "카테고리를 골라 주세요."),
        ({"category": "999"}, "올바르게 선택해 주세요"),
    ],
)
def test_bad_posts_explain_and_keep_what_was_typed(client, writer, board, issue, change, message):
    data = {**GOOD, "category": issue.pk, **change}
    response = client.post("/square/write", data)
    assert response.status_code == 400
    assert message in errors(response)
    page = parse(response)
    assert page.select_one("#id_body")["value"] == GOOD["body"]
    assert not Post.objects.exists()


def test_body_over_the_boards_limit_is_refused_and_kept(client, writer, board, issue):
    Board.objects.filter(pk=board.pk).update(max_body_length=100)
    body = "<div>" + "가" * 200 + "</div>"
    response = client.post("/square/write", {**GOOD, "body": body, "category": issue.pk})
    assert response.status_code == 400
    assert "본문은 100자까지 쓸 수 있습니다. 지금 211자입니다." in errors(response)
    assert parse(response).select_one("#id_body")["value"] == body


def test_default_body_limit_is_200000_characters(board):
    assert board.max_body_length == 200_000


def test_scripts_and_handlers_are_stripped_but_kept_in_the_source(client, writer, board, issue):
    body = (
        '<div onclick="steal()">안녕<script>alert(1)</script>'
        '<a href="javascript:x()">링크</a></div>'
    )
    client.post("/square/write", {**GOOD, "body": body, "category": issue.pk})
    post = Post.objects.get()
    assert post.body_source == body
    assert "script" not in post.body_html and "onclick" not in post.body_html
    assert "javascript" not in post.body_html


def test_a_news_post_needs_its_source(client, writer, board, news):
    response = client.post("/square/write", {**GOOD, "category": news.pk})
    assert response.status_code == 400
    assert "기사/뉴스 글에는 출처 주소를 적어 주세요." in errors(response)
    client.post(
        "/square/write", {**GOOD, "category": news.pk, "source_url": "news.example.com/a/1"}
    )
    post = Post.objects.get()
    assert post.source_url == "https://news.example.com/a/1"
    link = parse(client.get("/square/1")).select_one(".post-source a")
    assert link["href"] == "https://news.example.com/a/1"


def test_a_youtube_link_becomes_a_privacy_friendly_player(client, writer, board, issue):
    body = "<div>이거 보세요<br>https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42</div>"
    client.post("/square/write", {**GOOD, "body": body, "category": issue.pk})
    frame = parse(client.get("/square/1")).select_one(".post-body iframe")
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=42"
    assert "https://www.youtube-nocookie.com" in client.get("/square/1")["Content-Security-Policy"]


def test_personal_data_is_shown_masked_and_can_be_published_masked(client, writer, board, issue):
    data = {**GOOD, "category": issue.pk, "body": "<div>제 번호는 010-1234-5678 입니다</div>"}
    response = client.post("/square/write", data)
    assert response.status_code == 400
    text = parse(response).get_text(" ", strip=True)
    assert "개인정보로 보이는 내용이 있습니다" in text
    assert "전화번호: 010-****-5678" in text
    assert not Post.objects.exists()
    client.post("/square/write", {**data, "personal_data": "mask"})
    assert "010-****-5678" in Post.objects.get().body_source
    assert "1234" not in Post.objects.get().body_html


def test_post_limit_per_member_answers_429_and_keeps_the_text(client, writer, board, issue):
    Board.objects.filter(pk=board.pk).update(posts_per_hour=1)
    assert client.post("/square/write", {**GOOD, "category": issue.pk}).status_code == 302
    response = client.post("/square/write", {**GOOD, "title": "두 번째", "category": issue.pk})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "글을 너무 자주 올렸습니다" in response.content.decode()
    assert parse(response).select_one("#id_title")["value"] == "두 번째"


def test_posts_wait_a_moment_when_the_limits_cannot_be_checked(
    client, writer, board, issue, monkeypatch
):
    def away(pairs, **_store):  # Redis and the database both: nowhere to count
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", away)
    response = client.post("/square/write", {**GOOD, "title": "못 올린 글", "category": issue.pk})
    assert response.status_code == 503
    assert response["Retry-After"] == str(throttle.RETRY_WHEN_UNAVAILABLE)
    assert "지금은 글을 받을 수 없습니다" in response.content.decode()
    assert "너무 자주" not in response.content.decode()
    assert parse(response).select_one("#id_title")["value"] == "못 올린 글"
    assert not Post.objects.exists()


def test_editing_keeps_a_revision_without_the_author(client, writer, board, issue):
    client.post("/square/write", {**GOOD, "category": issue.pk})
    page = parse(client.get("/square/1/edit"))
    assert page.select_one("#id_title")["value"] == GOOD["title"]
    response = client.post(
        "/square/1/edit",
        {"title": "고친 제목", "body": "<div>고친 본문</div>", "category": issue.pk},
    )
    assert response["Location"] == "/square/1"
    post = Post.objects.get()
    assert post.title == "고친 제목" and post.edited_at is not None
    revision = PostRevision.objects.get()
    assert (revision.title, revision.body_source) == (GOOD["title"], GOOD["body"])
    assert not any("author" in field.name for field in PostRevision._meta.get_fields())


def test_an_edited_post_says_so_with_the_time(client, writer, board, issue):
    client.post("/square/write", {**GOOD, "category": issue.pk})
    assert parse(client.get("/square/1")).select(".post-meta .edited") == []
    client.post("/square/1/edit", {**GOOD, "title": "고친 제목", "category": issue.pk})
    edited = parse(client.get("/square/1")).select_one(".post-meta .edited")
    post = Post.objects.get()
    assert edited.select_one("dt").get_text() == "수정됨"
    assert edited.select_one("time").get_text() == full_datetime(post.edited_at)


def test_moving_a_post_to_another_category_moves_its_counts(client, writer, board, issue):
    humor = board.categories.get(name="유머")
    client.post("/square/write", {**GOOD, "category": issue.pk})
    client.post("/square/1/edit", {**GOOD, "category": humor.pk})
    issue.refresh_from_db()
    humor.refresh_from_db()
    assert (issue.post_count, humor.post_count) == (0, 1)


def test_another_members_post_is_404_for_edit_and_delete(
    client, writer, board, make_post, make_member
):
    make_post(board, author=make_member())
    assert client.get("/square/1/edit").status_code == 404
    assert client.post("/square/1/edit", GOOD).status_code == 404
    assert client.post("/square/1/delete").status_code == 404
    assert Post.objects.get().status == "published"


def test_deleting_own_post(client, writer, board, issue):
    client.post("/square/write", {**GOOD, "category": issue.pk})
    assert client.get("/square/1/delete").status_code == 405
    response = client.post("/square/1/delete")
    assert response["Location"] == "/square/"
    assert Post.objects.get().status == "deleted"
    assert client.get("/square/1").status_code == 404
    board.refresh_from_db()
    assert (board.post_count, board.last_number) == (0, 1)


def test_drafts_are_saved_on_the_server_and_come_back(client, writer, board, issue):
    response = client.post(
        "/square/draft", {"title": "쓰다 만 글", "body": "<div>반쯤</div>", "category": issue.pk}
    )
    assert json.loads(response.content)["saved"] is True
    draft = Draft.objects.get()
    assert draft.owner_ref == Post(author_ref=draft.owner_ref).author_ref
    assert not hasattr(draft, "member_id")
    page = parse(client.get("/square/write"))
    assert page.select_one("#id_title")["value"] == "쓰다 만 글"
    assert "저장해 둔 초안을 불러왔습니다." in page.get_text()
    client.post("/square/write", {**GOOD, "category": issue.pk})
    assert not Draft.objects.exists()  # publishing ends the draft


def test_a_lapsed_login_gets_401_from_autosave(client, board):
    response = client.post("/square/draft", {"title": "x"})
    assert response.status_code == 401


def test_edit_drafts_belong_to_the_owner_only(client, writer, board, make_post, make_member):
    make_post(board, author=make_member())
    assert client.post("/square/draft", {"title": "x", "post": "1"}).status_code == 404


def test_list_has_a_write_button(client, board):
    link = parse(client.get("/square/")).select_one(".list-title-row a.button")
    assert link["href"] == "/square/write"
