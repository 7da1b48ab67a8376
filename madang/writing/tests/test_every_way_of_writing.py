"""Every way of writing meets the same gate: new and edited posts, new and edited comments.

For each way, a banned word, a visible ban, a silent ban, a full write limit and
personal data are handled exactly as for a new post, and the checks read the
text as readers will: character references decoded, invisible characters gone.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards import limits
from madang.boards.models import Category, Post
from madang.comments.models import Comment
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban, BannedWord
from madang.moderation.words import words_changed

WAYS = ["new_post", "post_edit", "new_comment", "comment_edit"]
PHONE = "010-2345-6789"


@dataclass
class Scene:
    way: str
    client: Client
    writer_ref: str
    category: Category
    post: Post
    comment: Comment

    def send(self, text: str, **extra: str):
        if self.way in ("new_post", "post_edit"):
            data = {"title": "제목", "body": f"<div>{text}</div>", "category": self.category.pk}
            path = "/square/write" if self.way == "new_post" else f"/square/{self.post.number}/edit"
            return self.client.post(path, {**data, **extra})
        path = f"/square/{self.post.number}/comments"
        if self.way == "comment_edit":
            path += f"/{self.comment.pk}/edit"
        return self.client.post(path, {"body": text, **extra})

    def written(self, text: str) -> Post | Comment | None:
        """The post or comment that now holds ``text``, if any."""
        if self.way in ("new_post", "post_edit"):
            return Post.objects.filter(body_source__contains=text).first()
        return Comment.objects.filter(body__contains=text).first()


@pytest.fixture(params=WAYS)
def scene(request, client, board, make_member, make_post, make_comment) -> Scene:
    writer = make_member("writer")
    client.force_login(writer)
    post = make_post(board, title="글쓴이의 글", author=writer)
    comment = make_comment(post, body="처음 단 댓글", author=writer)
    category = board.categories.first()
    return Scene(request.param, client, author_ref_for(writer.pk), category, post, comment)


def _word(pattern: str, action: str) -> None:
    BannedWord.objects.create(pattern=pattern, action=action)
    words_changed()


def _ban(scene: Scene, kind: str) -> None:
    ban_author(
        actor=None, author_ref=scene.writer_ref, board=None, kind=kind, reason="도배", days=3
    )


def test_a_banned_word_is_refused_and_the_text_kept(scene):
    _word("금지어", BannedWord.Action.REFUSE)
    response = scene.send("이건 금지어 입니다")
    assert response.status_code == 400
    assert "쓸 수 없는 말이 들어 있습니다: 금지어" in response.content.decode()
    assert "이건 금지어 입니다" in response.content.decode()
    assert scene.written("금지어") is None


def test_a_visible_ban_refuses_with_its_reason(scene):
    _ban(scene, Ban.Kind.VISIBLE)
    response = scene.send("정지 중에 쓴 글")
    assert response.status_code == 403
    assert "활동이 정지되어 글을 쓸 수 없습니다. 사유: 도배" in response.content.decode()
    assert scene.written("정지 중에 쓴 글") is None


def test_a_silent_ban_writes_for_the_writer_alone(scene):
    _ban(scene, Ban.Kind.SILENT)
    response = scene.send("아무도 모르게 쓴 글")
    assert response.status_code in (200, 302)
    written = scene.written("아무도 모르게 쓴 글")
    assert written is not None
    assert written.status == "shadowed"
    guest = Client()
    assert "아무도 모르게 쓴 글" not in guest.get("/square/").content.decode()
    post_page = guest.get(f"/square/{scene.post.number}")
    assert "아무도 모르게 쓴 글" not in post_page.content.decode()


def test_a_full_write_limit_answers_429_and_keeps_the_text(scene, board, monkeypatch):
    board.posts_per_hour = 1
    board.comments_per_hour = 1
    board.save()
    monkeypatch.setattr(limits, "EDITS_PER_HOUR", 1)
    assert scene.send("한 번은 된다").status_code in (200, 302)
    response = scene.send("두 번째는 넘친다")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "두 번째는 넘친다" in response.content.decode()
    assert scene.written("두 번째는 넘친다") is None


def test_personal_data_is_caught_and_masked_on_request(scene):
    response = scene.send(f"연락 주세요 {PHONE}")
    assert response.status_code == 400
    assert "개인정보로 보이는 내용이 있습니다" in response.content.decode()
    assert scene.written("연락 주세요") is None
    response = scene.send(f"연락 주세요 {PHONE}", personal_data="mask")
    assert response.status_code in (200, 302)
    written = scene.written("연락 주세요")
    assert written is not None
    text = written.body_source if isinstance(written, Post) else written.body
    assert "2345" not in text


@pytest.mark.parametrize(
    "disguise",
    [
        "010&#45;2345&#45;6789",  # character references for the dashes
        "010&#x2D;2345&#x2d;6789",
        "0\u200b1\u200b0-2\u20603\u00ad45-6789",  # zero-width space, word joiner, soft hyphen
        "&#48;&#49;&#48;-2345-6789",  # the digits themselves
    ],
)
def test_personal_data_is_caught_however_it_is_spelled(scene, disguise):
    response = scene.send(f"번호 {disguise}")
    assert response.status_code == 400
    assert "개인정보로 보이는 내용이 있습니다" in response.content.decode()


@pytest.mark.parametrize(
    "disguise",
    ["&#44552;&#51648;&#50612;", "&#xAE08;&#xC9C0;&#xC5B4;", "금\u2060지\u00ad어"],
)
def test_a_banned_word_is_caught_however_it_is_spelled(scene, disguise):
    _word("금지어", BannedWord.Action.REFUSE)
    response = scene.send(f"앞 {disguise} 뒤")
    assert response.status_code == 400
    assert "쓸 수 없는 말이 들어 있습니다" in response.content.decode()
