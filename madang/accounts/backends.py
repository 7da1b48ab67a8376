"""Members for each request: Django's model backend, with the member read with the session.

The member row is needed on every page a member opens. The session store
keeps it in the cache together with the session (``madang.accounts.sessions``),
so one cache read gives both; the middleware here hands the request's session
to the backend while Django's ``get_user`` runs. Whenever the row changes
(``forget_member``, connected to the model's save and delete and called after
the few bulk updates) the member's cached sessions are dropped. Django still
checks the session against the password hash of the member it gets, so a
changed password ends other sessions as before.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoMiddleware
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from madang.accounts.sessions import forget_member_sessions
from madang.core.dbrouter import primary_reads

_session: ContextVar[Any] = ContextVar("madang_session", default=None)


class MemberBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        try:
            key = int(user_id)
        except (TypeError, ValueError):
            return None
        session = _session.get()
        member = session.member_for(key) if hasattr(session, "member_for") else None
        if member is None:
            with primary_reads():  # never cache a lagging replica's copy of a changed member
                member = super().get_user(key)
        return member if member is not None and self.user_can_authenticate(member) else None


class AuthenticationMiddleware(DjangoMiddleware):
    """Django's, with the request's session at hand for ``MemberBackend.get_user``."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _member_of(request))  # type: ignore[assignment]


def _member_of(request: HttpRequest) -> Any:
    if not hasattr(request, "_cached_user"):
        token = _session.set(request.session)
        try:
            request._cached_user = auth.get_user(request)  # type: ignore[attr-defined]
        finally:
            _session.reset(token)
    return request._cached_user  # type: ignore[attr-defined]


def forget_member(member_id: int) -> None:
    forget_member_sessions(member_id)
