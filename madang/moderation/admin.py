"""The admin for moderation: every change goes through the same audited actions as /mod/.

Audit records are read-only. Moderators are appointed and removed by site
admins through ``moderation.roles``; an appointment is made or ended, never
edited. Banned words are added, changed and removed through the actions in
``moderation.words``. Bans are made from a post on /mod/ (by the writer's
reference, which the admin never shows) and are only lifted here, through
``lift_ban``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from madang.accounts.models import Member
from madang.moderation.bans import lift_ban
from madang.moderation.forms import BannedWordForm
from madang.moderation.models import AuditEvent, Ban, BannedWord, BoardModerator
from madang.moderation.permissions import is_site_admin
from madang.moderation.roles import appoint_moderator, remove_moderator
from madang.moderation.words import add_banned_word, change_banned_word, remove_banned_word


def _actor(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit records are written by actions and never changed."""

    list_display = ["created_at", "actor_name", "action", "target_label", "board_id", "shown"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "reason"]

    @admin.display(description=_("사유"))
    def shown(self, event: AuditEvent) -> str:
        return event.reason_display()  # the codes in the reader's language, as on /mod/audit/

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


@admin.register(BannedWord)
class BannedWordAdmin(admin.ModelAdmin):
    form = BannedWordForm
    list_display = ["pattern", "is_regex", "board", "action", "created_at"]
    list_filter = ["action", "board"]
    search_fields = ["pattern"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data[name] for name in BannedWordForm.Meta.fields}
        if change:
            change_banned_word(actor=_actor(request), word=obj, **fields)
        else:
            obj.pk = add_banned_word(actor=_actor(request), **fields).pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        remove_banned_word(actor=_actor(request), word=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for word in queryset:
            remove_banned_word(actor=_actor(request), word=word)


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    """Read-only, with one action: lifting."""

    list_display = ["created_at", "kind", "board", "shown", "ends_at", "lifted_at", "ended_at"]
    list_filter = ["kind", "board"]
    fields = ["kind", "board", "shown", "ends_at", "created_at", "lifted_at", "ended_at"]
    readonly_fields = ["shown"]
    actions = ["lift_bans"]

    @admin.display(description=_("사유"))
    def shown(self, ban: Ban) -> str:
        return ban.reason_display()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("선택한 차단 풀기"), permissions=["view"])
    def lift_bans(self, request: HttpRequest, queryset: QuerySet[Ban]) -> None:
        in_force = queryset.filter(lifted_at__isnull=True, ended_at__isnull=True)
        for ban in in_force.select_related("board"):
            lift_ban(actor=_actor(request), ban=ban)
        messages.success(request, gettext("차단을 풀었습니다."))
