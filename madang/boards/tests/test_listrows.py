"""A list's rows through statements compiled once (boards/listrows.py): the posts the
queryset ``listed`` gives, field for field, with their category and nothing more to ask."""

from __future__ import annotations

import pytest

from madang.boards import listrows, paging


def described(post) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    category = post.category
    return (
        *(post.pk, post.number, post.title, post.created_at, post.status, post.author_ref),
        *(post.comment_count, post.view_count, post.board_id, post.category_id),
        (category.pk, category.name, category.slug) if category else None,
    )


@pytest.fixture
def posts(board, make_post, make_member):
    writer = make_member("writer")
    categories = list(board.categories.order_by("order"))
    return [
        make_post(
            board, title=f"글 {n}", author=writer, category=categories[n % 3] if n % 4 else None
        )
        for n in range(12)
    ]


def test_rows_from_the_top_are_the_querysets_rows(posts, board, django_assert_num_queries):
    every = paging.listed(paging.published_posts(board)).order_by("-number")
    for skip in (0, 5, 11):
        with django_assert_num_queries(1):  # their categories come along
            rows = [described(post) for post in listrows.rows_from_top(board.pk, None, skip, 5)]
        assert rows == [described(post) for post in every[skip : skip + 5]]
    category = board.categories.order_by("order")[1]
    in_category = paging.listed(paging.published_posts(board, category)).order_by("-number")
    assert [described(p) for p in listrows.rows_from_top(board.pk, category.pk, 0, 20)] == [
        described(p) for p in in_category
    ]


def test_rows_above_a_number_are_the_querysets_rows(posts, board):
    above = paging.listed(paging.published_posts(board)).filter(number__gt=4).order_by("number")
    assert [described(p) for p in listrows.rows_above(board.pk, None, 4, 2, 3)] == [
        described(p) for p in above[2:5]
    ]


def test_a_row_leaves_out_the_columns_no_list_shows(posts, board):
    [row] = listrows.rows_from_top(board.pk, None, 0, 1)
    assert set(listrows.NOT_LISTED) <= row.get_deferred_fields()


def test_a_post_comes_whole_with_its_category(posts, board, django_assert_num_queries):
    from madang.boards.models import Post

    for post in posts[:5]:
        with django_assert_num_queries(1):
            found = listrows.post_with_category(board.pk, post.number)
            shown = described(found)
        expected = Post.objects.select_related("category").get(pk=post.pk)
        assert shown == described(expected)
        assert (found.body_html, found.body_source) == (expected.body_html, expected.body_source)
    assert listrows.post_with_category(board.pk, 999) is None


def test_posts_between_two_numbers_are_counted_as_the_queryset_counts(posts, board):
    category = board.categories.order_by("order")[1]
    for above, up_to in ((0, 12), (3, 9), (9, 3), (11, 100)):
        for scope in (None, category):
            expected = paging.published_posts(board, scope).filter(
                number__gt=above, number__lte=up_to
            )
            found = listrows.count_between(board.pk, scope.pk if scope else None, above, up_to)
            assert found == expected.count()


def test_rows_past_a_long_skip_above_an_anchor_are_read_from_their_edge_in_the_index(
    posts, board, monkeypatch, django_assert_num_queries
):
    """Past ``SKIP_BY_INDEX`` rows, the page's edge is found in the index and its rows are
    read from there: the same rows as the OFFSET gives, with posts hidden in between."""
    from madang.boards.models import Post

    Post.objects.filter(pk__in=[posts[3].pk, posts[8].pk]).update(status=Post.Status.HIDDEN)
    monkeypatch.setattr(listrows, "SKIP_BY_INDEX", 2)
    category = board.categories.order_by("order")[1]
    for scope in (None, category):
        scope_id = scope.pk if scope else None
        for number in (0, 2, 5):
            oldest_first = (
                paging.listed(paging.published_posts(board, scope))
                .filter(number__gt=number)
                .order_by("number")
            )
            total = oldest_first.count()
            for skip in range(0, 12):
                # the edge, then the rows from it; past the end there is no edge and no row
                with django_assert_num_queries(1 if skip < 2 or skip >= total else 2):
                    found = listrows.rows_above(board.pk, scope_id, number, skip, 3)
                assert [described(p) for p in found] == [
                    described(p) for p in oldest_first[skip : skip + 3]
                ]
