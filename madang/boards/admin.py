"""Admin for the board's configuration rows; posts change only through their actions.

Boards, categories, notice kinds and notices are settings an admin edits
directly (their counters are not editable). Posts are shown read-only, without
their author reference, and change status through ``set_post_status``.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from madang.boards.actions import set_post_status
from madang.boards.models import Board, Category, Notice, NoticeKind, Post, PostRevision


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["name", "slug", "order", "requires_source", "hot_excluded", "post_count"]
    readonly_fields = ["post_count"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "post_count", "last_number", "hot_excluded"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    readonly_fields = ["post_count", "last_number", "best_threshold", "best_count", "created_at"]
    inlines = [CategoryInline]


@admin.register(NoticeKind)
class NoticeKindAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    list_editable = ["order"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "board", "order", "created_at"]
    list_filter = ["kind", "board"]
    list_editable = ["order"]
    raw_id_fields = ["post"]


def _set_status(
    request: HttpRequest, posts: QuerySet[Post], status: Post.Status, done: str
) -> None:
    for post in posts.select_related("board"):
        set_post_status(post=post, status=status)
    messages.success(request, done)


class RevisionInline(admin.TabularInline):
    """What the post said before each edit. Revisions name no author."""

    model = PostRevision
    extra = 0
    fields = ("replaced_at", "title", "category_name", "source_url", "body_source")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("수정 기록")

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


POST_FIELDS = (
    "board",
    "number",
    "category",
    "title",
    "status",
    "source_url",
    "body_source",
    "created_at",
    "edited_at",
    "view_count",
    "comment_count",
    "scrap_count",
    "up_count",
    "down_count",
    "best_number",
)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["number", "board", "category", "title", "status", "created_at", "comment_count"]
    list_filter = ["status", "board"]
    search_fields = ["title"]
    fields = POST_FIELDS
    readonly_fields = POST_FIELDS
    actions = ["publish", "hide", "delete_softly"]
    inlines = [RevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Post | None = None) -> bool:
        return False

    @admin.action(description=_("선택한 글 게시"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        _set_status(request, queryset, Post.Status.PUBLISHED, gettext("게시했습니다."))

    @admin.action(description=_("선택한 글 숨기기"))
    def hide(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        _set_status(request, queryset, Post.Status.HIDDEN, gettext("숨겼습니다."))

    @admin.action(description=_("선택한 글 삭제"))
    def delete_softly(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        _set_status(request, queryset, Post.Status.DELETED, gettext("삭제했습니다."))
