"""The gate reads every field that is shown: the title and the source link too."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.moderation.models import BannedWord
from madang.moderation.words import words_changed


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


def _write(client, board, **fields):
    data = {"title": "제목", "body": "<div>본문</div>", "category": board.categories.first().pk}
    return client.post("/square/write", {**data, **fields})


@pytest.mark.parametrize(
    "fields",
    [
        {"source_url": "https://example.com/?call=010-2345-6789"},
        {"source_url": "https://example.com/?to=someone@example.org"},
        {"title": "연락처 010&#45;2345&#45;6789"},
    ],
)
def test_personal_data_in_any_shown_field_is_caught(client, writer, board, fields):
    response = _write(client, board, **fields)
    assert response.status_code == 400
    assert "개인정보로 보이는 내용이 있습니다" in response.content.decode()
    assert not Post.objects.filter(title__startswith="연락처").exists()
    assert not Post.objects.filter(source_url__startswith="https://example.com").exists()


def test_a_banned_word_in_the_source_link_is_refused(client, writer, board):
    BannedWord.objects.create(pattern="badsite", action=BannedWord.Action.REFUSE)
    words_changed()
    response = _write(client, board, source_url="https://badsite.example/news/1")
    assert response.status_code == 400
    assert "쓸 수 없는 말이 들어 있습니다" in response.content.decode()


def test_markup_stays_markup_when_personal_data_is_masked(client, writer, board):
    body = "<div>전화 010&#45;2345&#45;6789 &lt;b&gt;굵게 아님&lt;/b&gt;</div>"
    response = _write(client, board, body=body, personal_data="mask")
    assert response.status_code == 302
    post = Post.objects.get()
    assert "2345" not in post.body_source
    assert "&lt;b&gt;" in post.body_source  # an escaped tag is not turned into a tag
    assert "<b>" not in post.body_html
