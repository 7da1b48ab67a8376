"""Banned words act on real writing: refuse, hold, or silently ban — and miss ordinary words."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.models import Ban, BannedWord
from madang.moderation.words import check_words, words_changed


@pytest.fixture
def writer(client, make_member):
    member = make_member("writer")
    client.force_login(member)
    return member


def word(pattern: str, action: str, board=None, exceptions: str = "") -> BannedWord:
    made = BannedWord.objects.create(
        pattern=pattern, action=action, board=board, exceptions=exceptions
    )
    words_changed()
    return made


def write(client, board, title: str, body: str = ""):
    category = board.categories.first()
    return client.post("/square/write", {"title": title, "body": body, "category": category.pk})


def test_a_refused_word_is_named_and_the_text_kept(client, writer, board):
    word("시발", BannedWord.Action.REFUSE, exceptions="시발점\n시발역")
    response = write(client, board, "이런 시 발 같은", "<div>본문은 그대로</div>")
    assert response.status_code == 400
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert "쓸 수 없는 말이 들어 있습니다: 시 발" in page.get_text()
    assert page.select_one("#id_title")["value"] == "이런 시 발 같은"
    assert not Post.objects.exists()


def test_ordinary_words_pass(client, writer, board):
    word("시발", BannedWord.Action.REFUSE, exceptions="시발점\n시발역")
    assert write(client, board, "모든 일의 시발점은 시발역이었다").status_code == 302


@pytest.mark.parametrize(
    "evasion",
    ["시1발", "시.발", "ㅅㅣㅂㅏㄹ", "시\u200b발", "시\u3164발", "시\u202e발", "ᄉ\u1175발"],
)
def test_evasions_are_caught(client, writer, board, evasion):
    word("시발", BannedWord.Action.REFUSE)
    assert write(client, board, f"제목 {evasion} 끝").status_code == 400


def test_a_held_word_waits_for_a_moderator(client, writer, board):
    word("광고문의", BannedWord.Action.HOLD)
    response = write(client, board, "광고문의 환영합니다")
    post = Post.objects.get()
    assert post.status == Post.Status.HELD
    page = client.get(response["Location"]).content.decode()
    assert "관리자가 살펴본 뒤 게시됩니다" in page
    board.refresh_from_db()
    assert board.post_count == 0


def test_a_silent_ban_word_bans_without_a_word(client, writer, board):
    word("불법토토", BannedWord.Action.SILENT_BAN)
    response = write(client, board, "불법토토 사이트 안내")
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.status == Post.Status.SHADOWED
    page = client.get(response["Location"]).content.decode()
    assert "글을 올렸습니다." in page  # the writer is told nothing else
    ban = Ban.objects.get()
    assert (ban.kind, ban.board) == ("silent", None)
    client.post(post.get_absolute_url() + "/comments", {"body": "평범한 댓글"})
    assert Comment.objects.get().status == Comment.Status.SHADOWED


def test_board_words_stay_on_their_board(board, make_board):
    other = make_board("other")
    word("스포", BannedWord.Action.REFUSE, board=other)
    assert check_words(board, ["스포 있어요"]).clean
    assert not check_words(other, ["스포 있어요"]).clean


def test_a_comment_with_a_refused_word_comes_back(client, writer, board, make_post):
    word("병신", BannedWord.Action.REFUSE)
    post = make_post(board)
    response = client.post(
        post.get_absolute_url() + "/comments",
        {"body": "병 신 같네"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "병 신 같네" in response.content.decode()


def test_moderators_keep_the_words(client, make_member, board):
    admin = make_member(is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/mod/words/", {"pattern": "도배금지어", "action": "refuse", "exceptions": ""}
    )
    assert response.status_code == 302
    assert not check_words(board, ["도배금지어 입니다"]).clean
    bad = client.post("/mod/words/", {"pattern": "(", "is_regex": "on", "action": "refuse"})
    assert bad.status_code == 400
    made = BannedWord.objects.get()
    client.post(f"/mod/words/{made.pk}/remove")
    assert check_words(board, ["도배금지어 입니다"]).clean


def test_a_held_comment_shows_to_its_writer_only(client, writer, board, make_post):
    from django.test import Client

    word("광고문의", BannedWord.Action.HOLD)
    post = make_post(board)
    client.post(post.get_absolute_url() + "/comments", {"body": "광고문의 주세요"})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    mine = client.get(post.get_absolute_url()).content.decode()
    assert "광고문의 주세요" in mine and "검토 대기" in mine
    assert "광고문의 주세요" not in Client().get(post.get_absolute_url()).content.decode()


def test_words_changed_by_another_process_apply_under_the_new_generation(
    board, django_capture_on_commit_callbacks
):
    from madang.core import pagecache
    from madang.moderation.words import GENERATION

    assert check_words(board, ["금지어 하나"]).clean
    BannedWord.objects.create(pattern="금지어", action=BannedWord.Action.REFUSE)  # elsewhere
    assert check_words(board, ["금지어 하나"]).clean  # this process's matcher still stands
    with django_capture_on_commit_callbacks(execute=True):
        pagecache.touch(GENERATION)  # what words_changed() there bumped
    pagecache.forget_memos()  # this process's one-second memo, run out
    assert not check_words(board, ["금지어 하나"]).clean
