from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from madang.boards import paging, queries
from madang.boards.models import Board, Category
from madang.comments.queries import comment_window


def home(request: HttpRequest) -> HttpResponse:
    boards = queries.listed_boards()
    latest = queries.latest_posts_by_board(boards)
    directory = [(board, latest[board.pk]) for board in boards]
    return render(request, "boards/home.html", {"directory": directory})


def list_url(board: Board, category: Category | None, page: int) -> str:
    params: dict[str, str | int] = {}
    if category is not None:
        params["category"] = category.slug
    if page > 1:
        params["page"] = page
    return board.get_absolute_url() + (f"?{urlencode(params)}" if params else "")


def _list_context(
    board: Board, categories: list[Category], category: Category | None, page: paging.ListPage
) -> dict[str, object]:
    return {
        "board": board,
        "categories": categories,
        "category": category,
        "notices": queries.notices_for(board),
        "page": page,
        "category_query": f"category={category.slug}&" if category else "",
    }


def board_list(request: HttpRequest, board_slug: str) -> HttpResponse:
    board = queries.get_board(board_slug)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, request.GET.get("category"))
    number = paging.parse_page(request.GET.get("page"))
    if number is None:
        raise Http404("not a page number")
    last_page = paging.last_page_for(paging.count_for(board, category), paging.posts_per_page())
    if number > last_page:
        return redirect(list_url(board, category, last_page))
    page = paging.list_page(board, category, number)
    context = _list_context(board, categories, category, page)
    return render(request, "boards/list.html", context)


def post_detail(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, request.GET.get("category"))
    if category is not None and post.category_id != category.pk:
        category = None
    page = paging.list_page(board, category, paging.page_holding(post, category))
    comments = comment_window(post, per_page=board.comments_per_page)
    context = _list_context(board, categories, category, page)
    context.update(
        {
            "post": post,
            "comments": comments,
            "after_id": comments.last_id,
            "back_url": list_url(board, category, page.number),
        }
    )
    return render(request, "boards/post.html", context)
