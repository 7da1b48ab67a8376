from django.contrib import admin
from django.urls import include, path, register_converter

from madang.accounts.urls import account_urls, me_urls
from madang.boards import views as board_views
from madang.boards.slugs import SLUG_PATTERN
from madang.comments import views as comment_views
from madang.core import views as core_views
from madang.moderation.urls import mod_urls


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

urlpatterns = [
    path("", board_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(account_urls)),
    path("me/", include(me_urls)),
    path("mod/", include(mod_urls)),
    path("<board:board_slug>/", board_views.board_list, name="board"),
    path("<board:board_slug>/<number:number>", board_views.post_detail, name="post"),
    path(
        "<board:board_slug>/<number:number>/comments",
        comment_views.comment_lines,
        name="comment-lines",
    ),
]
