from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import memberpages, paging, queries
from madang.boards.forms import CommentForm
from madang.boards.memberpages import PageFacts
from madang.boards.models import Board, Category, Notice, NoticeKind, Post
from madang.boards.notices import mark_notices_read, read_notice_ids
from madang.boards.preferences import NO_FILTERS, Filters, filters_for
from madang.boards.scraps import has_scrapped
from madang.boards.viewcounts import count_view
from madang.comments.queries import comment_window
from madang.core import pagecache
from madang.moderation.forms import ActionForm
from madang.moderation.models import Ban
from madang.moderation.permissions import can_moderate


def home(request: HttpRequest) -> HttpResponse:
    if pagecache.cacheable(request):
        return pagecache.cached_page(request, None, lambda: _home(request), reads={})
    return _home(request)


def _home(request: HttpRequest) -> HttpResponse:
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


@dataclass
class Reader:
    """Who reads the page, and the little that changes for them.

    ``member`` is None for guests and for the neutral member of a shared
    render (``shared``), who has read, scrapped and written nothing.
    """

    member: Member | None
    filters: Filters
    shared: bool = False

    @classmethod
    def of(cls, request: HttpRequest) -> Reader:
        user = request.user
        if not user.is_authenticated:
            return cls(None, NO_FILTERS)
        assert isinstance(user, Member)
        return cls(user, filters_for(user))

    @classmethod
    def neutral_member(cls, filters: Filters) -> Reader:
        return cls(None, filters, shared=True)

    @property
    def viewer_ref(self) -> str | None:
        if self.shared:
            return memberpages.SHARED_VIEWER
        return author_ref_for(self.member.pk) if self.member else None

    def excluded(self, categories: list[Category], chosen: Category | None) -> list[Category]:
        if chosen is not None:
            return []  # a category the reader picked is shown even if they hide it elsewhere
        return [c for c in categories if c.pk in self.filters.excluded_category_ids]


def _page(
    board: Board, category: Category | None, excluded: list[Category], number: int
) -> paging.ListPage:
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
) -> dict[str, object]:
    if reader.filters.muted_words:
        page.rows = [row for row in page.rows if not reader.filters.mutes(row.title)]
    if reader.member is not None and category is None:
        page.rows = queries.own_shadowed_posts(board, reader.member, page.rows, page.number == 1)
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
        "category_query": f"category={category.slug}&" if category else "",
    }


def board_list(request: HttpRequest, board_slug: str) -> HttpResponse:
    board_id = pagecache.board_id_for(board_slug)
    if board_id is not None and pagecache.cacheable(request):
        return pagecache.cached_page(
            request,
            board_id,
            lambda: _board_list(request, board_slug, Reader.of(request)),
            reads=memberpages.LIST_READS,
        )
    if board_id is not None and request.user.is_authenticated:
        shared = memberpages.member_page(
            request,
            board_id,
            lambda filters: _board_list(request, board_slug, Reader.neutral_member(filters)),
            reads=memberpages.LIST_READS,
        )
        if shared is not None:
            return shared
    return _board_list(request, board_slug, Reader.of(request))


def _facts(
    page: paging.ListPage, notices: list[Notice], post: Post | None = None, shared: bool = False
) -> PageFacts:
    return PageFacts(
        post_id=post.pk if post else None,
        post_author_ref=post.author_ref if post else None,
        rows=tuple((row.number, row.title) for row in page.rows),
        notices=tuple((notice.pk, notice.post_id) for notice in notices),
        traces=memberpages.traces_on(post) if post and shared else frozenset(),
    )


def _board_list(request: HttpRequest, board_slug: str, reader: Reader) -> HttpResponse:
    board = queries.get_board(board_slug)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, request.GET.get("category"))
    number = paging.parse_page(request.GET.get("page"))
    if number is None:
        raise Http404("not a page number")
    excluded = reader.excluded(categories, category)
    total = paging.count_without(board, excluded) if excluded else paging.count_for(board, category)
    last_page = paging.last_page_for(total, paging.posts_per_page())
    if number > last_page:
        return redirect(list_url(board, category, last_page))
    page = _page(board, category, excluded, number)
    notices = queries.notices_for(board)
    context = _list_context(reader, board, categories, category, page, notices)
    response = render(request, "boards/list.html", context)
    response.madang_facts = _facts(page, notices)  # type: ignore[attr-defined]
    return response


def _holding_page(post: Post, category: Category | None, excluded: list[Category]) -> int:
    if excluded:
        return paging.filtered_page_holding(post, excluded)
    return paging.page_holding(post, category)


def _moderation_context(reader: Reader, board: Board) -> dict[str, object]:
    if reader.member is None or not can_moderate(reader.member, board):
        return {"can_moderate": False}
    return {
        "can_moderate": True,
        "actions": ActionForm.ACTIONS,
        "kinds": NoticeKind.objects.all(),
        "ban_kinds": Ban.Kind.choices,
    }


def post_detail(request: HttpRequest, board_slug: str, number: int) -> HttpResponse:
    board_id = pagecache.board_id_for(board_slug)
    response: HttpResponse | None = None
    if board_id is not None and pagecache.cacheable(request):
        response = pagecache.cached_page(
            request,
            board_id,
            lambda: _post_detail(request, board_slug, number, Reader.of(request)),
            reads=memberpages.POST_READS,
        )
    elif board_id is not None and request.user.is_authenticated:
        response = memberpages.member_page(
            request,
            board_id,
            lambda filters: _post_detail(
                request, board_slug, number, Reader.neutral_member(filters)
            ),
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
    board = queries.get_board(board_slug)
    post = queries.get_post_for_viewer(board, number, reader.member)
    categories = queries.board_categories(board)
    category = queries.find_category(categories, request.GET.get("category"))
    if category is not None and post.category_id != category.pk:
        category = None
    notices = queries.notices_for(board)
    if reader.member is not None:
        opened = [notice for notice in notices if notice.post_id == post.pk]
        if opened:
            mark_notices_read(member=reader.member, notices=opened)
    excluded = reader.excluded(categories, category)
    page = _page(board, category, excluded, _holding_page(post, category, excluded))
    viewer_ref = reader.viewer_ref
    comments = comment_window(post, per_page=board.comments_per_page, viewer_ref=viewer_ref)
    context = _list_context(reader, board, categories, category, page, notices)
    context.update(
        {
            "post": post,
            "comments": comments,
            "back_url": list_url(board, category, page.number),
            "viewer_ref": viewer_ref,
            "is_author": viewer_ref == post.author_ref,
            "comment_form": CommentForm(),
            **_moderation_context(reader, board),
            "scrapped": bool(reader.member) and has_scrapped(reader.member, post),  # type: ignore[arg-type]
        }
    )
    response = render(request, "boards/post.html", context)
    response.madang_facts = _facts(page, notices, post, reader.shared)  # type: ignore[attr-defined]
    return response
