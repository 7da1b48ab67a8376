"""A line shows what its writing shows its recipient now: the visibility rule, as they read."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import delete_post
from madang.boards.models import Access, Board
from madang.comments.actions import create_comment, delete_comment
from madang.moderation import actions as moderation
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.notifications.tests.conftest import client_of, notifications_of


def only_line(member) -> Tag:
    response = client_of(member).get("/me/notifications/")
    assert response.status_code == 200
    [line] = BeautifulSoup(response.content.decode(), "html.parser").select("li.notification")
    return line


def opened(member) -> str:
    [note] = notifications_of(member)
    response = client_of(member).get(f"/me/notifications/{note.pk}/")
    assert response.status_code == 302
    return response["Location"]


def test_a_visible_comment_shows_its_first_words_and_leads_to_itself(post, writer, commenter):
    comment = create_comment(post=post, author=commenter, body="보이는 댓글 " + "길게 " * 40)
    line = only_line(writer)
    assert "보이는 댓글" in line.get_text()
    assert "길게 " * 40 not in line.get_text()  # its first words only
    assert opened(writer) == f"{post.get_absolute_url()}#c{comment.pk}"


def test_a_comment_deleted_since_shows_no_words(post, writer, commenter):
    comment = create_comment(post=post, author=commenter, body="곧 지울 말")
    delete_comment(comment=comment)
    line = only_line(writer)
    assert "곧 지울 말" not in str(line)
    assert "볼 수 없는 댓글입니다" in line.get_text()
    assert "마당의 가을 이야기" in line.get_text()
    assert opened(writer) == post.get_absolute_url()  # the post, not the comment


def test_a_comment_hidden_by_a_moderator_shows_no_words(post, writer, commenter, moderator):
    comment = create_comment(post=post, author=commenter, body="숨길 말")
    moderation.hide(actor=moderator, target=comment, reason="광고")
    assert "숨길 말" not in str(only_line(writer))


def test_a_comment_blinded_by_reports_shows_a_placeholder(post, writer, commenter, moderator):
    comment = create_comment(post=post, author=commenter, body="가릴 말")
    moderation.blind(actor=moderator, target=comment, reason="신고")
    line = only_line(writer)
    assert "가릴 말" not in str(line)
    assert "가려진 댓글입니다" in line.get_text()


def test_a_comment_of_a_writer_banned_since_shows_no_words(post, writer, commenter):
    create_comment(post=post, author=commenter, body="차단될 사람의 말")
    ban_author(
        actor=None,
        author_ref=author_ref_for(commenter.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    assert "차단될 사람의 말" not in str(only_line(writer))


def test_a_post_deleted_since_shows_no_title_and_no_way_there(post, writer, commenter):
    create_comment(post=post, author=commenter, body="사라진 글에 단 말")
    delete_post(post=post)
    line = only_line(writer)
    assert "마당의 가을 이야기" not in str(line) and "사라진 글에 단 말" not in str(line)
    assert "볼 수 없는 글입니다" in line.get_text()
    assert opened(writer) == "/me/notifications/"


def test_a_reply_on_someone_elses_post_hidden_since_shows_nothing_of_it(
    post, writer, commenter, moderator, make_member
):
    parent = create_comment(post=post, author=commenter, body="내 댓글")
    create_comment(post=post, author=make_member("replier"), body="그 답글", parent=parent)
    moderation.hide(actor=moderator, target=post, reason="광고")
    line = only_line(commenter)
    assert "마당의 가을 이야기" not in str(line) and "그 답글" not in str(line)
    assert opened(commenter) == "/me/notifications/"


def test_a_reply_on_a_post_blinded_since_shows_its_title_veiled(
    post, commenter, moderator, make_member
):
    parent = create_comment(post=post, author=commenter, body="내 댓글")
    create_comment(post=post, author=make_member("replier"), body="그 답글", parent=parent)
    moderation.blind(actor=moderator, target=post, reason="신고")
    line = only_line(commenter)
    assert "마당의 가을 이야기" not in str(line)
    assert "가려진 글입니다" in line.get_text()
    assert "그 답글" in line.get_text()


def test_a_board_closed_to_them_since_shows_nothing_of_it(board, post, commenter, make_member):
    parent = create_comment(post=post, author=commenter, body="내 댓글")
    create_comment(post=post, author=make_member("replier"), body="그 답글", parent=parent)
    Board.objects.filter(pk=board.pk).update(read_access=Access.STAFF)
    line = only_line(commenter)
    assert "마당의 가을 이야기" not in str(line) and "그 답글" not in str(line)


def test_their_own_writing_hidden_by_a_moderator_still_shows_to_them(
    post, writer, commenter, moderator
):
    comment = create_comment(post=post, author=commenter, body="내가 쓴 말")
    moderation.hide(actor=moderator, target=comment, reason="광고")
    line = only_line(commenter)
    assert line.select_one(".what").get_text() == "관리자가 내 댓글을 숨겼습니다"
    assert "내가 쓴 말" in line.get_text() and "마당의 가을 이야기" in line.get_text()
    moderation.hide(actor=moderator, target=post, reason="광고")
    assert "마당의 가을 이야기" in client_of(writer).get("/me/notifications/").content.decode()


def test_their_post_deleted_by_a_moderator_is_named_no_more(post, writer, moderator):
    moderation.remove(actor=moderator, target=post, reason="불법")
    line = only_line(writer)
    assert line.select_one(".what").get_text() == "관리자가 내 글을 삭제했습니다"
    assert "마당의 가을 이야기" not in str(line)
