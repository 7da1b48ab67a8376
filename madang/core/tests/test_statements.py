"""Statements compiled once (core/statements.py): the same rows as the ORM's own
queryset, the columns read as the ORM reads them, and a queryset whose SQL would
depend on its values refused when first run."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.comments.models import Comment
from madang.core.statements import Statement


@pytest.fixture
def posts(board, make_post, make_member) -> list[Post]:
    writer = make_member("writer")
    return [make_post(board, title=f"글 {number}", author=writer) for number in range(6)]


def newest(board_id: int, status: str):  # type: ignore[no-untyped-def]
    return (
        Post.objects.filter(board_id=board_id, status=status)
        .order_by("-number")
        .values_list("number", "title", "created_at", "author_ref")
    )


def test_rows_are_the_orms_for_every_value(posts, board):
    statement = Statement(Post, newest)
    for status in ("published", "deleted"):
        assert statement.rows(board.pk, status) == list(newest(board.pk, status))
    assert statement.rows(board.pk + 1, "published") == []


def test_columns_are_read_as_the_orm_reads_them(posts, board):
    [(number, title, created_at, _ref)] = Statement(Post, newest).rows(
        board.pk, "published", limit=1
    )
    assert (number, title, created_at) == (posts[-1].number, "글 5", posts[-1].created_at)


def test_limit_and_offset_page_as_a_slice_does(posts, board):
    statement = Statement(Post, newest)
    for offset in (0, 2, 5, 9):
        expected = list(newest(board.pk, "published")[offset : offset + 2])
        assert statement.rows(board.pk, "published", limit=2, offset=offset) == expected


def test_count_is_the_number_of_rows(posts, board):
    statement = Statement(Post, newest)
    for status in ("published", "deleted"):
        assert statement.count(board.pk, status) == newest(board.pk, status).count()
    assert statement.count(board.pk, "published") == len(posts)


def test_the_queryset_is_built_and_compiled_once(posts, board):
    built: list[tuple[object, ...]] = []

    def build(board_id, status):  # type: ignore[no-untyped-def]
        built.append((board_id, status))
        return newest(board_id, status)

    statement = Statement(Post, build)
    for _ in range(3):
        statement.rows(board.pk, "published")
    assert len(built) == 2  # at the first run, twice with stand-ins; never again
    assert all(board.pk not in values for values in built)


def test_a_constant_equal_to_a_stand_in_stays_a_constant(posts, board):
    def beside(board_id):  # type: ignore[no-untyped-def]
        return Post.objects.filter(board_id=board_id).exclude(number=29_000).values_list("pk")

    assert Statement(Post, beside).rows(board.pk) == list(beside(board.pk))


def test_a_value_written_into_the_sql_is_refused(posts, board):
    def contains(text):  # type: ignore[no-untyped-def]
        return Comment.objects.filter(body__contains=text).values_list("pk")

    with pytest.raises(ValueError, match="changed on its way"):
        Statement(Comment, contains).rows("글")
    with pytest.raises(ValueError, match="limit and offset"):
        Statement(Post, lambda board_id: newest(board_id, "published")[:3]).rows(board.pk)
    with pytest.raises(TypeError):
        Statement(Post, newest).rows(board.pk, None)  # type: ignore[arg-type]
