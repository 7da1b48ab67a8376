"""Admin for the board's configuration rows; posts change only through their actions.

A board is made with its categories and its permissions on one form, through
``create_board`` and ``create_category``; after that, boards, categories, notice
kinds and notices are settings an admin edits directly (their counters are not
editable, and every save makes the cached pages new). Posts are shown read-only,
without their author reference, and change status through ``set_post_status``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from madang.boards.actions import create_board, create_category, set_post_status
from madang.boards.models import Board, Category, Notice, NoticeKind, Post, PostRevision
from madang.moderation.roles import moderators_of


class CategoryInline(admin.TabularInline):
    """A board's categories, made with it on the same form (``save_formset``)."""

    model = Category
    extra = 0
    fields = ["name", "slug", "order", "requires_source", "hot_excluded", "post_count"]
    readonly_fields = ["post_count"]


# The board's form, in the order an admin decides them: what it is, who may do what
# on it (boards/permissions.py), how often, and the rest.
BOARD_FIELDSETS: list[tuple[Any, Any]] = [
    (None, {"fields": ["name", "slug", "description", "order"]}),
    (
        _("권한"),
        {
            "fields": ["read_access", "post_access", "comment_access", "seasoned_days"],
            "description": _("누가 이 게시판을 읽고, 글을 쓰고, 댓글을 달 수 있는지 정합니다."),
        },
    ),
    (
        _("글쓰기 제한"),
        {
            "fields": [
                "posts_per_hour",
                "comments_per_hour",
                "post_gap_seconds",
                "comment_gap_seconds",
                "max_body_length",
                "edit_lock_comments",
                "report_threshold",
            ]
        },
    ),
    (
        _("목록과 댓글"),
        {
            "fields": [
                "comments_per_page",
                "comment_pictures",
                "list_thumbnails",
                "media_icons",
                "hot_excluded",
            ]
        },
    ),
    (_("추천과 베스트"), {"fields": ["votes", "downvotes", "best_min_votes"]}),
    (_("같은 기사"), {"fields": ["duplicates", "duplicate_window_hours"]}),
    (
        _("숫자와 관리자"),
        {
            "fields": [
                "post_count",
                "last_number",
                "best_threshold",
                "best_count",
                "created_at",
                "moderator_list",
            ]
        },
    ),
]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    """A board with its categories and permissions on one form.

    A new board is made by ``create_board`` and its categories by
    ``create_category``, as every other way of making them does; changes to an
    existing board's settings are saved as they are (boards.apps makes the cached
    pages new). Moderators are listed here and appointed on their own admin page,
    through ``moderation.roles``, which audits each appointment.
    """

    list_display = ["name", "slug", "order", "post_count", "read_access", "post_access"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    fieldsets = BOARD_FIELDSETS
    readonly_fields = [
        "post_count",
        "last_number",
        "best_threshold",
        "best_count",
        "created_at",
        "moderator_list",
    ]
    inlines = [CategoryInline]

    @admin.display(description=_("게시판 관리자"))
    def moderator_list(self, board: Board) -> str:
        names = [m.member.get_username() for m in moderators_of(board)] if board.pk else []
        appoint = reverse("admin:moderation_boardmoderator_add")
        link = format_html(
            '<a href="{}?board={}">{}</a>', appoint, board.pk or "", gettext("관리자 임명")
        )
        listed = ", ".join(names) if names else gettext("없음")
        return format_html("{} · {}", listed, link) if board.pk else gettext("없음")

    def save_model(self, request: HttpRequest, obj: Board, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        made = create_board(**form.cleaned_data)
        obj.pk = made.pk
        obj._state.adding = False
        obj._state.db = made._state.db

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Category:
            super().save_formset(request, form, formset, change)
            return
        categories = formset.save(commit=False)
        for category in formset.deleted_objects:
            category.delete()
        for category in categories:
            if category.pk is not None:
                category.save()
                continue
            create_category(
                board=form.instance,
                slug=category.slug,
                name=category.name,
                order=category.order,
                requires_source=category.requires_source,
                hot_excluded=category.hot_excluded,
            )


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
