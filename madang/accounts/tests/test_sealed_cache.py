"""Sessions, members and overlays in the cache: sealed, and gone the moment they change."""

from __future__ import annotations

import pickle

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from madang.accounts import sealed
from madang.accounts.actions import end_sessions_of
from madang.accounts.pseudonym import author_ref_for
from madang.boards.preferences import save_preferences

PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def browsing(make_member, board, make_post):
    """A member who logged in and read a few pages, so the cache holds their entries."""
    member = make_member("night_owl")
    member.set_password(PASSWORD)
    member.save()
    post = make_post(board, title="읽을 글")
    client = Client()
    response = client.post("/accounts/login/", {"username": "night_owl", "password": PASSWORD})
    assert response.status_code == 302
    for path in ("/square/", post.get_absolute_url(), "/square/"):
        assert client.get(path).status_code == 200
    return client, member


def cache_contents() -> list[tuple[str, bytes]]:
    """Every key and stored value of the test cache, Redis or Django's local memory."""
    if settings.REDIS_URL:
        client = cache._cache.get_client()  # type: ignore[attr-defined]
        return [(key.decode(), client.get(key)) for key in client.scan_iter()]
    return list(cache._cache.items())  # type: ignore[attr-defined]


def test_a_copy_of_the_cache_names_no_member_and_no_session(browsing):
    client, member = browsing
    session_key = client.cookies["sessionid"].value
    secrets = [session_key, member.username, author_ref_for(member.pk)]
    entries = cache_contents()
    assert any(":sealed:" in key for key, _value in entries)  # the entries are there...
    for key, value in entries:
        try:
            raw = pickle.loads(value)  # noqa: S301
        except Exception:  # Django's Redis backend stores integers as plain digits
            raw = value
        text = key + repr(raw)
        for secret in secrets:
            assert secret not in text  # ...and none names the member, their writing or session


def test_logging_out_ends_the_cached_session(browsing):
    client, _member = browsing
    stolen = Client()
    stolen.cookies["sessionid"] = client.cookies["sessionid"].value
    assert "로그아웃" in stolen.get("/square/").content.decode()
    client.post("/accounts/logout/")
    assert "로그아웃" not in stolen.get("/square/").content.decode()


def test_ending_every_session_reaches_the_cached_copies(browsing):
    client, member = browsing
    end_sessions_of(member=member)
    assert "로그아웃" not in client.get("/square/").content.decode()


def test_a_deactivated_member_is_out_on_their_next_page(browsing):
    client, member = browsing
    member.is_active = False
    member.save()
    assert "로그아웃" not in client.get("/square/").content.decode()


def test_a_new_password_ends_the_other_sessions(browsing):
    client, member = browsing
    member.set_password("another yard entirely")
    member.save()
    assert "로그아웃" not in client.get("/square/").content.decode()


def test_changed_reading_filters_apply_on_the_next_page(browsing, board, make_post):
    client, member = browsing
    make_post(board, title="광고 글입니다")
    client.get("/square/")
    save_preferences(member=member, excluded_categories=[], muted_words="광고")
    assert "광고 글입니다" not in client.get("/square/").content.decode()


def test_entries_sealed_under_a_retired_key_are_misses(settings, browsing):
    sealed.put("probe", 1, {"value": 1}, 60)
    assert sealed.get("probe", 1) == {"value": 1}
    settings.MADANG_DATA_KEYS = ["an entirely different data key for this test"]
    sealed._cipher.cache_clear()
    try:
        assert sealed.get("probe", 1) is None
    finally:
        sealed._cipher.cache_clear()


def test_a_forged_entry_is_never_unpickled(browsing):
    cache.set(sealed.key("probe", 2), pickle.dumps({"evil": True}), 60)
    assert sealed.get("probe", 2) is None
