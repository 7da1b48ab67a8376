from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter

from madang.accounts.urls import account_urls, me_urls
from madang.api.urls import api_urls
from madang.boards import hot_views, proxy_views, writing_views
from madang.boards import views as board_views
from madang.boards.slugs import SLUG_PATTERN
from madang.comments import views as comment_views
from madang.core import views as core_views
from madang.feeds.urls import feed_urls
from madang.live import views as live_views
from madang.media import views as media_views
from madang.moderation import report_views
from madang.moderation.urls import mod_urls
from madang.search import views as search_views


class BoardSlugConverter:
    regex = SLUG_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class PostNumberConverter:
    # Up to 18 digits: always below PostgreSQL's bigint limit, so never an overflow.
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(BoardSlugConverter, "board")
register_converter(PostNumberConverter, "number")

# The database away answers 503 with Retry-After; every other error the 500 page.
handler400 = "madang.core.errors.bad_request"
handler500 = "madang.core.errors.server_error"

urlpatterns = [
    path("", board_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("search", search_views.site_search, name="search"),
    path("hot/", hot_views.hot_board, name="hot"),
    # The stream process answers /live/ behind nginx; here only where nothing routes it there.
    path("live/<path:rest>", live_views.no_stream, name="live-none"),
    path("feeds/", include(feed_urls)),
    # Views the caching proxy reports (docs/deploy/nginx.md); no board slug starts with "_".
    path(
        "_proxy/views/<board:board_slug>/<number:number>",
        proxy_views.proxied_view,
        name="proxied-view",
    ),
    path("admin/", admin.site.urls),
    # Made files, where no web server serves them (docs/media.md); an upload's state.
    path("media/m/<path:name>", media_views.serve, name="media-file"),
    path("media/<slug:key>", media_views.state, name="media-state"),
    path("accounts/", include(account_urls)),
    path("me/", include(me_urls)),
    path("mod/", include(mod_urls)),
    path("api/v1/", api_urls),
    path("<board:board_slug>/", board_views.board_list, name="board"),
    path("<board:board_slug>/<number:number>", board_views.post_detail, name="post"),
    path("<board:board_slug>/write", writing_views.write_post, name="write"),
    path("<board:board_slug>/upload", media_views.upload, name="upload"),
    path("<board:board_slug>/draft", writing_views.save_draft, name="draft"),
    path("<board:board_slug>/<number:number>/edit", writing_views.edit_post, name="post-edit"),
    path(
        "<board:board_slug>/<number:number>/delete", writing_views.delete_post, name="post-delete"
    ),
    path("<board:board_slug>/<number:number>/scrap", writing_views.scrap, name="post-scrap"),
    path("<board:board_slug>/<number:number>/vote", writing_views.vote, name="post-vote"),
    path("<board:board_slug>/<number:number>/report", report_views.report_post, name="post-report"),
    path("<board:board_slug>/<number:number>/comments", comment_views.comments, name="comments"),
    path(
        "<board:board_slug>/<number:number>/comments/<number:comment_id>/report",
        report_views.report_comment,
        name="comment-report",
    ),
    path(
        "<board:board_slug>/<number:number>/comments/<number:comment_id>",
        comment_views.comment_line,
        name="comment",
    ),
    path(
        "<board:board_slug>/<number:number>/comments/<number:comment_id>/reply",
        comment_views.reply_form,
        name="comment-reply",
    ),
    path(
        "<board:board_slug>/<number:number>/comments/<number:comment_id>/edit",
        comment_views.edit_comment,
        name="comment-edit",
    ),
    path(
        "<board:board_slug>/<number:number>/comments/<number:comment_id>/delete",
        comment_views.delete_comment,
        name="comment-delete",
    ),
]

if settings.MADANG_BENCH_FLOOR:
    from madang.core.bench_floor import floor

    urlpatterns.insert(0, path("_bench/floor", floor))
