"""Who may upload, where and how much: the writing gate's answers, in words, with
nothing kept of what was refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from madang.accounts.pseudonym import author_ref_for
from madang.boards import limits
from madang.boards.models import Access, Board
from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import assert_nothing_stored, stored_files, upload
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban

pytestmark = pytest.mark.django_db

PICTURE = samples.picture((120, 80))


def assert_refused(answer: Any, status: int, message: str = "") -> None:
    assert answer.status_code == status, answer.content.decode()
    error = answer.json()["error"]
    assert error and (not message or message in error)
    assert_nothing_stored()


def test_a_guest_may_not_upload(board: Any) -> None:
    assert_refused(
        upload(Client(), board, "a.jpg", PICTURE), 401, "로그인한 회원만 파일을 올릴 수 있습니다."
    )


@pytest.mark.parametrize("scope", ["board", "site"])
def test_a_visibly_banned_member_may_not_upload(
    writer: Any, board: Any, member: Any, scope: str
) -> None:
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=board if scope == "board" else None,
        kind=Ban.Kind.VISIBLE,
        reason="도배",
        days=3,
    )
    assert_refused(upload(writer, board, "a.jpg", PICTURE), 403, "활동이 정지되어")


def test_no_upload_where_the_member_may_not_post(writer: Any, make_board: Any) -> None:
    notices = make_board("notice", post_access=Access.STAFF)
    assert_refused(upload(writer, notices, "a.jpg", PICTURE), 403, "운영진만")


def test_a_comment_picture_needs_the_boards_leave(writer: Any, make_board: Any) -> None:
    board = make_board("plain")
    Board.objects.filter(pk=board.pk).update(comment_pictures=False)
    board.refresh_from_db()
    answer = upload(writer, board, "a.jpg", PICTURE, **{"for": "comment"})
    assert_refused(answer, 403, "이 게시판은 댓글에 사진을 붙일 수 없습니다.")
    # A post's picture on the same board is fine, and so is a comment's where allowed.
    assert upload(writer, board, "a.jpg", PICTURE).status_code == 201
    other = make_board("pictures")
    assert upload(writer, other, "a.jpg", PICTURE, **{"for": "comment"}).status_code == 201


def test_a_comment_picture_follows_the_comment_permission(writer: Any, make_board: Any) -> None:
    """A board where members comment but only staff post still takes comment pictures."""
    board = make_board("notice", post_access=Access.STAFF)
    assert upload(writer, board, "a.jpg", PICTURE, **{"for": "comment"}).status_code == 201
    board = make_board("quiet", comment_access=Access.STAFF)
    answer = upload(writer, board, "a.jpg", PICTURE, **{"for": "comment"})
    assert answer.status_code == 403


def test_the_daily_quota_of_files(writer: Any, board: Any, settings: Any) -> None:
    settings.MADANG_MEDIA_LIMITS = {**settings.MADANG_MEDIA_LIMITS, "daily_files": 2}
    for _ in range(2):
        assert upload(writer, board, "a.jpg", PICTURE).status_code == 201
    before = sorted(stored_files())
    answer = upload(writer, board, "a.jpg", PICTURE)
    assert answer.status_code == 429
    assert answer.json() == {"error": "오늘 올릴 수 있는 양을 다 썼습니다. 내일 다시 올려 주세요."}
    assert Media.objects.count() == 2 and sorted(stored_files()) == before
    assert 0 < int(answer["Retry-After"]) <= 24 * 3600  # when the oldest of them ages out


def test_the_daily_quota_of_bytes(writer: Any, board: Any, settings: Any) -> None:
    settings.MADANG_MEDIA_LIMITS = {
        **settings.MADANG_MEDIA_LIMITS,
        "daily_bytes": len(PICTURE) * 2 + 10,
    }
    for _ in range(2):
        assert upload(writer, board, "a.jpg", PICTURE).status_code == 201
    answer = upload(writer, board, "a.jpg", PICTURE)
    assert answer.status_code == 429 and "오늘 올릴 수 있는 양" in answer.json()["error"]
    assert Media.objects.count() == 2


def test_the_quota_is_each_members_own(
    writer: Any, board: Any, settings: Any, make_member: Any
) -> None:
    settings.MADANG_MEDIA_LIMITS = {**settings.MADANG_MEDIA_LIMITS, "daily_files": 1}
    assert upload(writer, board, "a.jpg", PICTURE).status_code == 201
    other = Client()
    other.force_login(make_member())
    assert upload(other, board, "a.jpg", PICTURE).status_code == 201


def test_the_hourly_upload_limit(writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "UPLOADS_PER_HOUR", 2)
    for _ in range(2):
        assert upload(writer, board, "a.jpg", PICTURE).status_code == 201
    answer = upload(writer, board, "a.jpg", PICTURE)
    assert answer.status_code == 429
    assert answer.json()["error"].startswith("파일을 너무 많이 올렸습니다.")
    assert 0 < int(answer["Retry-After"]) <= 3600
    assert Media.objects.count() == 2


def test_refused_files_count_against_the_hourly_limit(
    writer: Any, board: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each refused file cost a probe: sending bad files without end is a flood too."""
    monkeypatch.setattr(limits, "UPLOADS_PER_HOUR", 2)
    for _ in range(2):
        assert upload(writer, board, "a.svg", samples.SVG).status_code == 400
    assert upload(writer, board, "a.jpg", PICTURE).status_code == 429


def test_no_file_in_the_form(writer: Any, board: Any) -> None:
    answer = writer.post(f"/{board.slug}/upload", {"for": "comment"})
    assert_refused(answer, 400, "올릴 파일이 없습니다.")
