"""/mod/duplicates/: posts of an article their board already held (news/repeats.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from madang.moderation.permissions import check_desk_permission, moderated_board_ids
from madang.news.repeats import repeated_posts


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    check_desk_permission(request.user)
    repeats = repeated_posts(moderated_board_ids(request.user))
    return render(request, "news/mod_duplicates.html", {"repeats": repeats})
