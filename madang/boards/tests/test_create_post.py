from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions
from madang.boards.models import Board, Post


def test_numbers_increase_per_board_and_are_never_reused(board, make_board, make_post):
    other = make_board("other")
    first = make_post(board)
    second = make_post(board)
    elsewhere = make_post(other)
    actions.set_post_status(post=second, status=Post.Status.DELETED)
    third = make_post(board)
    assert (first.number, second.number, third.number) == (1, 2, 3)
    assert elsewhere.number == 1
    board.refresh_from_db()
    assert board.last_number == 3
    assert board.post_count == 2


def test_post_stores_an_author_ref_not_the_member(board, make_post, member):
    post = make_post(board, author=member)
    assert post.author_ref == author_ref_for(member.pk)
    assert len(post.author_ref) == 64
    assert str(member.pk) != post.author_ref
    assert not hasattr(post, "author_id")


def test_body_is_kept_as_written_and_rendered_through_the_allow_list(board, make_post):
    post = make_post(board, body='<p style="color:red">안녕<img src=x onerror=alert(1)></p>')
    assert post.body_source == '<p style="color:red">안녕<img src=x onerror=alert(1)></p>'
    assert post.body_html == "<p>안녕</p>"


def test_title_over_300_characters_is_refused(board, make_post):
    with pytest.raises(ValidationError):
        make_post(board, title="가" * 301)
    assert Post.objects.count() == 0
    board.refresh_from_db()
    assert board.last_number == 0


def test_category_of_another_board_is_refused(board, make_board, make_post):
    other = make_board("other", categories=("잡담",))
    with pytest.raises(ValueError):
        make_post(board, category=other.categories.get())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_consecutive_numbers(make_board, make_member):
    board = make_board("race")
    members = [make_member() for _ in range(8)]
    errors: list[BaseException] = []

    def write(member) -> None:
        try:
            for index in range(5):
                actions.create_post(board=board, author=member, title=f"글 {index}", body="")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Post.objects.filter(board=board).values_list("number", flat=True))
    assert numbers == list(range(1, 41))
    board = Board.objects.get(pk=board.pk)
    assert (board.last_number, board.post_count) == (40, 40)
    assert connection.vendor == "postgresql"
