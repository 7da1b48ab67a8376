"""Permission checks as plain functions; each raises PermissionDenied."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


def check_reveal_permission(member: Any) -> None:
    """Only site admins may reveal an author (board moderators come with moderation)."""
    if not (member.is_authenticated and member.is_active and member.is_superuser):
        raise PermissionDenied


def check_audit_view_permission(member: Any) -> None:
    if not (member.is_authenticated and member.is_active and member.is_staff):
        raise PermissionDenied
