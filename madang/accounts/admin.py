from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from madang.accounts.actions import issue_invitation
from madang.accounts.models import InvitationCode, Member, SiteSettings


@admin.register(Member)
class MemberAdmin(UserAdmin):
    """Members without their writing: nothing here links to posts or comments."""

    list_display = ["username", "is_staff", "is_active", "date_joined"]
    search_fields = ["username"]
    readonly_fields = ["email_address", "date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["username", "password", "email_address"]}),
        (
            _("권한"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("날짜 (하루 단위)"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "password1", "password2"]})
    ]

    @admin.display(description=_("이메일"))
    def email_address(self, member: Member) -> str:
        return member.email_address


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "signup_policy", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InvitationCode)
class InvitationCodeAdmin(admin.ModelAdmin):
    """Codes are shown once, when issued; only their hash is kept."""

    list_display = ["__str__", "used", "max_uses", "expires_at", "created_at"]
    fields = ["label", "max_uses", "expires_at"]

    def save_model(
        self, request: HttpRequest, obj: InvitationCode, form: object, change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)  # type: ignore[arg-type]
            return
        code, invitation = issue_invitation(
            label=obj.label, max_uses=obj.max_uses, expires_at=obj.expires_at
        )
        obj.pk = invitation.pk
        messages.warning(
            request,
            gettext("초대 코드: %(code)s — 지금 한 번만 보입니다. 복사해 두세요.") % {"code": code},
        )
