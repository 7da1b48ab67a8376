from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from madang.boards import (
    best,
    boardfacts,
    hot,
    listrows,
    memberpages,
    paging,
    permissions,
    queries,
    visibility,
)
from madang.boards.forms import CommentForm
from madang.boards.memberpages import PageFacts
from madang.boards.models import Board, Category, Notice, NoticeKind, Post
from madang.boards.notices import mark_notices_read, read_notice_ids
from madang.boards.permissions import BoardClosed
from madang.boards.readers import Reader
from madang.boards.scraps import has_scrapped
from madang.boards.viewcounts import count_view
from madang.boards.votes import vote_of
from madang.comments.queries import comment_window, commenter_refs
from madang.core import pagecache
from madang.core.formatting import is_veiled
from madang.feeds import links as feeds
from madang.moderation.forms import ActionForm
from madang.moderation.models import Ban
from madang.moderation.permissions import viewer_of
from madang.news.cards import cards_for, has_links
from madang.search import views as search_views


def home(request: HttpRequest) -> HttpResponse:
    if pagecache.cacheable(request):
        return pagecache.cached_page(request, None, lambda: _home(request), reads={})
    return _home(request)


def _home(request: HttpRequest) -> HttpResponse:
    """The board directory with each board's newest posts, as the reader's lists show them."""
    reader = Reader.of(request)
    boards = [
        board for board in queries.listed_boards() if permissions.can_read(board, reader.viewer)
    ]
    latest = queries.latest_posts_by_board(boards, reader.viewer, reader.filters)
    directory = [(board, latest[board.pk]) for board in boards]
    hottest = hot.hot_posts(
        hot.shown_boards(boards, reader.viewer), reader.viewer, reader.filters, hot.ON_HOME
    )
    return render(request, "boards/home.html", {"directory": directory, "hot_posts": hottest})


def _closed(request: HttpRequest, board: Board, closed: BoardClosed) -> HttpResponse:
    context = {"board": board, "message": str(closed)}
    return render(request, "boards/closed.html", context, status=403)


def list_url(board: Board, category: Category | None, page: int, best_list: bool = False) -> str:
    params: dict[str, str | int] = {}
    if best_list:
        params["best"] = 1
    elif category is not None:
        params["category"] = category.slug
    if page > 1:
        params["page"] = page
    return board.get_absolute_url() + (f"?{urlencode(params)}" if params else "")


def _best_list(request: HttpRequest) -> bool:
    """Whether the page is the board's best list (``?best=1``); any other value is a 404."""
    raw = request.GET.get("best") or ""
    if raw not in ("", "1"):
        raise Http404("not a list")
    return raw == "1"


def _page(
    board: Board,
    category: Category | None,
    excluded: list[Category],
    number: int,
    best_list: bool = False,
) -> paging.ListPage:
    if best_list:
        return best.best_page(board, excluded, number)
    if excluded:
        return paging.filtered_list_page(board, excluded, number)
    return paging.list_page(board, category, number)


def _list_context(
    reader: Reader,
    board: Board,
    categories: list[Category],
    category: Category | None,
    page: paging.ListPage,
    notices: list[Notice],
    excluded: list[Category],
    best_list: bool = False,
) -> dict[str, object]:
    if reader.filters.muted_words:
        page.rows = [row for row in page.rows if not reader.filters.mutes(row.title)]
    if best_list:
        page.rows = best.own_shadowed_best(
            board, reader.viewer, page.rows, page.number == 1, excluded
        )
    else:
        page.rows = queries.own_shadowed_posts(
            board, reader.viewer, page.rows, page.number == 1, category, excluded
        )
    visibility.present(page.rows, reader.viewer)
    visibility.present([notice.post for notice in notices], reader.viewer)
    read = read_notice_ids(reader.member, notices) if reader.member else set()
    extra = {"csrf_placeholder": memberpages.CSRF_PLACEHOLDER} if reader.shared else {}
    return {
        **extra,
        "board": board,
        "categories": categories,
        "category": category,
        "notices": notices,
        "read_notices": read,
        "page": page,
        "best_list": best_list,
        "category_query": "best=1&"
        if best_list
        else f"category={category.slug}&"
        if category
        else "",
        "row_query": "?best=1" if best_list else f"?category={category.slug}" if category else "",
        "keep_rows": listrows.keeps_rows(page.number),
        "row_kept_as": listrows.row_kept_as,
        "offers_posting": permissions.offers_posting(board, reader.viewer),
        "feed_url": feeds.advertised_feed(board, category),
    }


def board_list(request: HttpRequest, board_slug: str) -> HttpResponse:
    if request.GET.get("q", "").strip():  # a search of the board (search/views.py)
        return search_views.board_search(request, board_slug)
    board_id = queries.board_id_for(board_slug)
    if board_id is not None and pagecache.cacheable(request):
        return pagecache.cached_page(
            request,
            board_id,
            lambda: _board_list(request, board_slug, Reader.of(request)),
            reads=memberpages.LIST_READS,
        )
    if board_id is not None and request.user.is_authenticated and _shareable(board_slug):
        shared = memberpages.member_page(
            request,
            board_id,
            lambda filters: _board_list(request, board_slug, Reader.neutral_member(filters)),
            viewer_of(request.user),
            reads=memberpages.LIST_READS,
        )
        if shared is not None:
            return shared
    return _board_list(request, board_slug, Reader.of(request))


def _shareable(board_slug: str) -> bool:
    """Whether one render serves every member: not where reading depends on who they are."""
    return permissions.shareable(queries.board_for_writing(board_slug))


def _facts(
    page: paging.ListPage, notices: list[Notice], post: Post | None = None, shared: bool = False
) -> PageFacts:
    traces = memberpages.traces_on(post, commenter_refs(post)) if post and shared else None
    return PageFacts(
        post_id=post.pk if post else None,
        rows=tuple((row.number, row.title) for row in page.rows),
        notices=tuple((notice.pk, notice.post_id) for notice in notices),
        traces=traces or frozenset(),
    )


def _board_list(request: HttpRequest, board_slug: str, reader: Reader) -> HttpResponse:
    board, categories, notices = boardfacts.facts_of(board_slug)
    try:
        permissions.check_read_permission(board, reader.viewer)
    except BoardClosed as closed:
        return _closed(request, board, closed)
    category = queries.find_category(categories, request.GET.get("category"))
    number = paging.parse_page(request.GET.get("page"))
    best_list = _best_list(request)
    if number is None or (best_list and not board.votes):
        raise Http404("not a page number")
    if best_list and category is not None:
        return redirect(list_url(board, None, number, best_list))  # one best list per board
    excluded = reader.excluded(categories, category)
    last_page = paging.last_page_for(
        _total(board, category, excluded, best_list), paging.posts_per_page()
    )
    if number > last_page:
        return redirect(list_url(board, category, last_page, best_list))
    page = _page(board, category, excluded, number, best_list)
    context = _list_context(reader, board, categories, category, page, notices, excluded, best_list)
    response = render(request, "boards/list.html", context)
    response.madang_facts = _facts(page, notices)  # type: ignore[attr-defined]
    return response


def _total(
    board: Board, category: Category | None, excluded: list[Category], best_list: bool
) -> int:
    if best_list:
        return best.count_without(board, excluded)
    return paging.count_without(board, excluded) if excluded else paging.count_for(board, category)


def _holding_page(
    post: Post, category: Category | None, excluded: list[Category], best_list: bool = False
) -> int:
    if best_list:
        return best.page_holding(post, excluded)
    if excluded:
        return paging.filtered_page_holding(post, excluded)
    return paging.page_holding(post, category)


def _moderation_context(reader: Reader, board: Board) -> dict[str, object]:
    if not reader.viewer.moderates(board.pk):
        return {"can_moderate": False}
    return {
        "can_moderate": True,
        "actions": ActionForm.ACTIONS,
        "kinds": NoticeKind.objects.all(),
        "ban_kinds": Ban.Kind.choices,
    }


def post_detail(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board_id = queries.board_id_for(board_slug)
    response: HttpResponse | None = None
    if board_id is not None and pagecache.cacheable(request):
        response = pagecache.cached_page(
            request,
            board_id,
            lambda: _post_detail(request, board_slug, number, Reader.of(request)),
            reads=memberpages.POST_READS,
        )
    elif board_id is not None and request.user.is_authenticated and _shareable(board_slug):
        response = memberpages.member_page(
            request,
            board_id,
            lambda filters: _post_detail(
                request, board_slug, number, Reader.neutral_member(filters)
            ),
            viewer_of(request.user),
            mark_read=lambda notice_ids: mark_notices_read(
                member=request.user,  # type: ignore[arg-type]
                notices=list(Notice.objects.filter(pk__in=notice_ids)),
            ),
            reads=memberpages.POST_READS,
        )
    if response is None:
        response = _post_detail(request, board_slug, number, Reader.of(request))
    facts = getattr(response, "madang_facts", None)
    if isinstance(facts, PageFacts) and facts.post_id is not None:
        count_view(request, response, facts.post_id)
    return response


def _post_detail(
    request: HttpRequest, board_slug: str, number: int, reader: Reader
) -> HttpResponse:
    board, categories, notices = boardfacts.facts_of(board_slug)
    try:
        permissions.check_read_permission(board, reader.viewer)
    except BoardClosed as closed:
        return _closed(request, board, closed)
    post = queries.get_post_for_viewer(board, number, reader.viewer)
    category = queries.find_category(categories, request.GET.get("category"))
    best_list = _best_list(request) and board.votes and post.best_number is not None
    if best_list or (category is not None and post.category_id != category.pk):
        category = None
    if reader.member is not None:
        opened = [notice for notice in notices if notice.post_id == post.pk]
        if opened:
            mark_notices_read(member=reader.member, notices=opened)
    excluded = reader.excluded(categories, category)
    holding = _holding_page(post, category, excluded, best_list)
    page = _page(board, category, excluded, holding, best_list)
    viewer_ref = reader.viewer_ref
    comments = comment_window(post, per_page=board.comments_per_page, viewer=reader.viewer)
    context = _list_context(reader, board, categories, category, page, notices, excluded, best_list)
    context.update(
        {
            "post": post,
            "comments": comments,
            "back_url": list_url(board, category, page.number, best_list),
            "viewer_ref": viewer_ref,
            "is_author": visibility.is_own(post, reader.viewer),
            "offers_commenting": permissions.offers_commenting(board, reader.viewer),
            "comment_form": CommentForm(),
            "refusal": None,  # the comment form's, empty on the page
            "personal_data": [],
            **_moderation_context(reader, board),
            "scrapped": bool(reader.member) and has_scrapped(reader.member, post),  # type: ignore[arg-type]
            "my_vote": vote_of(reader.member, post) if reader.member and board.votes else 0,
            "cards": cards_for(post) if has_links(post) and not is_veiled(post) else [],
        }
    )
    response = render(request, "boards/post.html", context)
    response.madang_facts = _facts(page, notices, post, reader.shared)  # type: ignore[attr-defined]
    return response
