"""The site's session works on the API too, with the CSRF token on every change, as a
form needs it; a token needs none."""

from __future__ import annotations

from django.test import Client

from madang.api.tests.conftest import Api
from madang.boards.models import Post

NEW = {"title": "세션으로 쓴 글", "body": "본문", "category": "c0"}


def _session(member) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


def test_a_session_reads_as_its_member(posts, member):
    api = Api(_session(member))
    assert api.get("/boards/square/posts/1").json()["mine"] is True
    assert api.get("/me/settings").status_code == 200


def test_a_session_write_without_the_csrf_token_is_refused(posts, member):
    api = Api(_session(member))
    response = api.post("/boards/square/posts", NEW)
    assert response.status_code == 403
    assert response.json()["detail"] == "CSRF 토큰이 없거나 맞지 않습니다."
    assert api.put("/boards/square/posts/1/scrap").status_code == 403
    assert api.delete("/boards/square/posts/1").status_code == 403
    assert Post.objects.filter(title=NEW["title"]).count() == 0


def test_a_session_write_with_the_csrf_token_goes_through(posts, member):
    client = _session(member)
    client.get("/me/tokens/")  # any page with a form sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = Api(client).post("/boards/square/posts", NEW, **{"X-CSRFToken": csrf})
    assert response.status_code == 201, response.content
    assert Post.objects.filter(title=NEW["title"]).count() == 1


def test_a_token_needs_no_csrf_token(posts, member, token_for):
    client = Client(enforce_csrf_checks=True)
    response = Api(client, token_for(member)).post("/boards/square/posts", NEW)
    assert response.status_code == 201
