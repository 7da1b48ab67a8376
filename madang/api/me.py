"""The caller's own things: their reading settings and their scraps (members only).
Their notifications are in ``notifying.py``."""

from __future__ import annotations

from typing import Annotated, Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from madang.accounts.models import Member
from madang.api import auth, present
from madang.api.auth import caller_of
from madang.api.errors import Invalid, answers
from madang.api.forms import form_errors
from madang.api.schemas import ScrapPage, SettingsIn, SettingsOut
from madang.boards import visibility
from madang.boards.forms import PreferencesForm
from madang.boards.models import Category
from madang.boards.preferences import preferences_of, save_preferences
from madang.boards.scraps import scraps_of

router = Router(tags=["me"])
PER_PAGE = 20  # as on /me/scraps/


def _member(request: HttpRequest) -> Member:
    member = caller_of(request).member
    assert member is not None  # members only
    return member


def _settings_of(member: Member) -> dict[str, Any]:
    prefs = preferences_of(member)
    if prefs is None:
        return {"hidden_categories": [], "muted_words": []}
    hidden = prefs.excluded_categories.select_related("board").order_by("board__order", "order")
    return {
        "hidden_categories": [
            {"board": category.board.slug, "category": category.slug} for category in hidden
        ],
        "muted_words": list(prefs.muted_word_list),
    }


@router.get("/me/settings", response=answers({200: SettingsOut}), auth=auth.MEMBER_READ)
def my_settings(request: HttpRequest) -> dict[str, Any]:
    """The categories the caller hides from their lists, and the words that hide titles."""
    return _settings_of(_member(request))


@router.put("/me/settings", response=answers({200: SettingsOut}, 403, 400), auth=auth.WRITE)
def save_settings(request: HttpRequest, data: SettingsIn) -> dict[str, Any]:
    """Replace both: the lists then leave out what they name, for the caller alone."""
    member = _member(request)
    wanted = {(item.board, item.category) for item in data.hidden_categories}
    found = {
        (category.board.slug, category.slug): category.pk
        for category in Category.objects.select_related("board").filter(
            board__slug__in=sorted({board for board, _slug in wanted}),
            slug__in=sorted({slug for _board, slug in wanted}),
        )
    }
    missing = sorted(f"{board}/{slug}" for board, slug in wanted if (board, slug) not in found)
    if missing:
        message = _("없는 카테고리입니다: %(names)s") % {"names": ", ".join(missing)}
        raise Invalid({"hidden_categories": [message]})
    form = PreferencesForm(
        {
            "excluded_categories": [found[pair] for pair in sorted(wanted)],
            "muted_words": "\n".join(word.strip() for word in data.muted_words),
        }
    )
    if not form.is_valid():
        raise Invalid(form_errors(form))
    save_preferences(
        member=member,
        excluded_categories=list(form.cleaned_data["excluded_categories"]),
        muted_words=form.cleaned_data["muted_words"],
    )
    return _settings_of(member)


@router.get("/me/scraps", response=answers({200: ScrapPage}), auth=auth.MEMBER_READ)
def my_scraps(
    request: HttpRequest,
    page: Annotated[int, Query(ge=1, le=10**9, description="쪽 번호")] = 1,
) -> dict[str, Any]:
    """The posts the caller scrapped, newest scrap first, as /me/scraps/ lists them."""
    member = _member(request)
    found = Paginator(scraps_of(member), PER_PAGE).get_page(page)
    viewer = visibility.as_writer(member.pk)
    posts = visibility.present([scrap.post for scrap in found.object_list], viewer)
    return {
        "posts": [present.post_row(post, viewer) for post in posts],
        "page": found.number,
        "last_page": found.paginator.num_pages,
    }
