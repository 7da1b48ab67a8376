from django.contrib import admin
from django.http import HttpRequest

from madang.moderation.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: audit records are written by actions and never changed."""

    list_display = ["created_at", "actor_name", "action", "target_label", "reason"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
