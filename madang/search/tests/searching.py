"""What the search tests share: a search as a reader, and its titles."""

from __future__ import annotations

from collections.abc import Sequence

from madang.boards.models import Board
from madang.boards.preferences import NO_FILTERS, Filters
from madang.boards.visibility import GUEST, Viewer
from madang.search import searching
from madang.search.query import parse


def found(
    query: str,
    boards: Sequence[Board] | None = None,
    *,
    viewer: Viewer = GUEST,
    field: str = "title_body",
    order: str = "new",
    page: int = 1,
    category_id: int | None = None,
    filters: Filters = NO_FILTERS,
) -> searching.Results:
    return searching.search(
        viewer=viewer,
        query=parse(query),
        scope=searching.Scope(
            list(boards if boards is not None else Board.objects.all()),
            category_id=category_id,
            hidden_categories=filters.excluded_category_ids,
            muted_words=filters.muted_words,
        ),
        field=field,
        order=order,
        page=page,
    )


def titles(query: str, *args: object, **kwargs: object) -> list[str]:
    """The titles of the posts found (of the comments' posts, for comments)."""
    return [hit.post.title for hit in found(query, *args, **kwargs).hits]  # type: ignore[arg-type]


def comment_bodies(query: str, *args: object, **kwargs: object) -> list[str]:
    results = found(query, *args, field="comments", **kwargs)  # type: ignore[arg-type]
    return [hit.comment.body for hit in results.hits if hit.comment]
