"""Personal access tokens: made and revoked on /me/tokens/, shown once, stored hashed,
scoped, refused when revoked or expired, and good for the API alone."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from madang.api.models import ApiToken
from madang.api.tokens import find_token, make_token
from madang.boards.models import Post


def test_a_token_is_stored_as_its_sha256_only(member):
    token, raw = make_token(member=member, name="앱", scope="read", days=None)
    assert raw.startswith("mdg_") and len(raw) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().first())


def test_a_read_token_reads_and_cannot_write(posts, member, as_member):
    api = as_member(member, "read")
    assert api.get("/boards/square/posts/1").status_code == 200
    assert api.get("/me/settings").status_code == 200
    refused = api.post("/boards/square/posts", {"title": "제목", "body": "본문", "category": "c0"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "읽기 전용 토큰으로는 쓸 수 없습니다."
    assert api.put("/boards/square/posts/1/scrap").status_code == 403
    assert api.put("/me/settings", {"muted_words": ["a"]}).status_code == 403
    assert Post.objects.count() == 5


def test_a_revoked_token_is_refused_with_401(posts, member, as_member):
    api = as_member(member)
    ApiToken.objects.filter(member=member).delete()
    response = api.get("/boards/square/posts")
    assert response.status_code == 401  # not read as a guest: the app learns its token is gone
    assert response.json()["detail"] == "토큰이 맞지 않거나, 취소되었거나, 만료되었습니다."


def test_an_expired_token_is_refused_with_401(posts, member):
    token, raw = make_token(member=member, name="앱", scope="write", days=30)
    assert find_token(raw) is not None
    yesterday = timezone.localdate() - timedelta(days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_on=yesterday)
    response = Client().get("/api/v1/boards", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    # Its last day still counts.
    ApiToken.objects.filter(pk=token.pk).update(expires_on=timezone.localdate())
    assert (
        Client().get("/api/v1/boards", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 200
    )


def test_a_malformed_or_unknown_token_is_401(posts, db):
    for header in ("Bearer mdg_nothing", "Bearer ", "Basic abc", "Token x"):
        response = Client().get("/api/v1/boards", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_an_inactive_members_token_is_refused(posts, member, as_member):
    api = as_member(member)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert api.get("/boards").status_code == 401


def test_a_token_notes_its_day_of_use_not_its_moment(posts, member, as_member):
    api = as_member(member)
    api.get("/boards")
    assert ApiToken.objects.get(member=member).last_used_on == timezone.localdate()


def test_a_token_does_not_log_in_on_the_pages(posts, member, token_for):
    raw = token_for(member)
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get("/me/", headers=headers).status_code == 302  # to the login page
    page = Client().get("/square/1", headers=headers)
    assert page.status_code == 200
    assert "/square/1/edit" not in page.content.decode()


def test_the_me_page_makes_a_token_shows_it_once_and_revokes_it(member):
    client = Client()
    client.force_login(member)
    made = client.post(
        "/me/tokens/", {"form": "create", "name": "내 앱", "scope": "write", "lifetime": "90"}
    )
    assert made.status_code == 200
    assert made["Cache-Control"] == "private, no-store"
    raw = re.search(r'value="(mdg_[^"]+)"', made.content.decode()).group(1)
    token = ApiToken.objects.get(member=member)
    assert (token.name, token.scope) == ("내 앱", "write")
    assert token.expires_on == timezone.localdate() + timedelta(days=90)
    assert find_token(raw) == token
    again = client.get("/me/tokens/").content.decode()
    assert "내 앱" in again and raw not in again
    client.post("/me/tokens/", {"form": "revoke", "token": str(token.pk)})
    assert not ApiToken.objects.filter(member=member).exists()
    assert find_token(raw) is None


def test_the_me_page_revokes_only_the_members_own_tokens(member, make_member):
    other = make_member()
    theirs, _raw = make_token(member=other, name="남의 앱", scope="read", days=None)
    client = Client()
    client.force_login(member)
    client.post("/me/tokens/", {"form": "revoke", "token": str(theirs.pk)})
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_me_page_asks_for_a_name(member):
    client = Client()
    client.force_login(member)
    response = client.post("/me/tokens/", {"form": "create", "name": "", "scope": "read"})
    assert response.status_code == 400
    assert "토큰 이름을 적어 주세요." in response.content.decode()
    assert not ApiToken.objects.exists()
    assert "API 토큰" in client.get("/me/").content.decode()  # in the /me/ navigation
