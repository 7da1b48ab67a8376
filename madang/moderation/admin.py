"""The admin for moderation: every change goes through the same audited actions as /mod/.

Audit records are read-only. Moderators are appointed and removed by site
admins through ``moderation.roles``; an appointment is made or ended, never
edited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from madang.accounts.models import Member
from madang.moderation.models import AuditEvent, BoardModerator
from madang.moderation.permissions import is_site_admin
from madang.moderation.roles import appoint_moderator, remove_moderator


def _actor(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit records are written by actions and never changed."""

    list_display = ["created_at", "actor_name", "action", "target_label", "board_id", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(BoardModerator)
class BoardModeratorAdmin(admin.ModelAdmin):
    list_display = ["board", "member"]
    list_filter = ["board"]
    search_fields = ["member__username"]
    raw_id_fields = ["member"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_site_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return is_site_admin(request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        made = appoint_moderator(actor=_actor(request), board=obj.board, member=obj.member)
        obj.pk = made.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove_moderator(actor=_actor(request), board=obj.board, member=obj.member)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for moderator in queryset.select_related("board", "member"):
            remove_moderator(actor=_actor(request), board=moderator.board, member=moderator.member)
