"""/me/tokens/: a member's personal access tokens for the API, made and revoked here.

A new token is shown once, in the answer to the form that made it, which no
cache keeps; afterwards only its name, scope and dates are shown.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.api import tokens
from madang.api.forms import TokenForm


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


@login_required
def my_tokens(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = TokenForm()
    made = None
    status = 200
    if request.method == "POST" and request.POST.get("form") == "revoke":
        token_id = request.POST.get("token", "")
        known = token_id.isascii() and token_id.isdigit() and len(token_id) < 19
        if known and tokens.revoke_token(member=member, token_id=int(token_id)):
            done = _("토큰을 취소했습니다. 이제 그 토큰으로는 쓸 수 없습니다.")
            messages.success(request, done)
        return redirect("me-tokens")
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                _token, made = tokens.make_token(
                    member=member,
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                    days=form.cleaned_data["lifetime"],
                )
            except tokens.TokenRefused as refused:
                form.add_error(None, str(refused))
                status = 400
            else:
                form = TokenForm()
        else:
            status = 400
    context = {"form": form, "made": made, "tokens": tokens.tokens_of(member)}
    response = render(request, "api/tokens.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
