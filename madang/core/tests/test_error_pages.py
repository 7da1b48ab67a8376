"""The site's own error pages: Korean (English when asked), with a way back."""

from __future__ import annotations

import logging

import psycopg
import pytest
from bs4 import BeautifulSoup
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from madang import urls as site_urls
from madang.accounts import throttle
from madang.boards import limits


def test_a_page_the_member_may_not_see_is_the_sites_own_403(client, member):
    client.force_login(member)
    response = client.get("/mod/")
    assert response.status_code == 403
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "볼 수 없는 페이지입니다"
    assert page.select_one(".error-page a.button")["href"] == "/"
    assert page.select_one("header") is not None  # the site's frame, not a bare "Forbidden"
    english = client.get("/mod/", headers={"Accept-Language": "en"})
    heading = BeautifulSoup(english.content.decode(), "html.parser").select_one("h1")
    assert heading.get_text(strip=True) == "You cannot see this page"


ENGLISH = {"Accept-Language": "en"}


def parsed(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def heading(response) -> str:
    return parsed(response).select_one("h1").get_text(strip=True)


def way_back(response) -> list[str]:
    return [str(link["href"]) for link in parsed(response).select(".error-page a.button")]


def test_a_missing_page_is_the_sites_own_404_in_the_readers_language(client, board):
    for address in ("/no-such-board/", "/square/999"):
        response = client.get(address)
        assert response.status_code == 404
        assert heading(response) == "페이지를 찾을 수 없습니다"
        assert way_back(response) == ["/"]
        assert parsed(response).select_one("header") is not None
        assert parsed(response).html["lang"] == "ko"
        english = client.get(address, headers=ENGLISH)
        assert heading(english) == "Page not found"
        assert parsed(english).html["lang"] == "en"


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug of ours")


def lost_database(request: HttpRequest) -> HttpResponse:
    error = OperationalError("terminating connection")
    error.__cause__ = psycopg.errors.AdminShutdown("terminating connection")
    raise error


urlpatterns = [path("boom", boom), path("lost", lost_database), *site_urls.urlpatterns]
handler500 = "madang.core.errors.server_error"


@pytest.mark.urls(__name__)
def test_a_server_error_is_the_sites_own_500_in_the_readers_language(db, caplog):
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.CRITICAL, logger="django.request"):
        response = browser.get("/boom")
        english = browser.get("/boom", headers=ENGLISH)
    assert response.status_code == 500
    assert heading(response) == "잠시 문제가 생겼습니다"
    assert parsed(response).html["lang"] == "ko"
    assert way_back(response) == ["/"]
    assert "Something went wrong" not in response.content.decode()  # one language a page
    assert english.status_code == 500
    assert heading(english) == "Something went wrong"
    assert parsed(english).html["lang"] == "en"
    assert way_back(english) == ["/"]


@pytest.mark.urls(__name__)
def test_the_database_away_is_the_sites_own_503_in_the_readers_language(db, caplog):
    browser = Client(raise_request_exception=False)
    with caplog.at_level(logging.CRITICAL, logger="madang.core.errors"):
        response = browser.get("/lost")
        english = browser.get("/lost", headers=ENGLISH)
    assert (response.status_code, response["Retry-After"]) == (503, "10")
    assert heading(response) == "잠시 뒤에 다시 시도해 주세요"
    assert way_back(response) == ["/"]
    assert heading(english) == "Please try again in a moment"
    assert parsed(english).html["lang"] == "en"


def test_searching_too_often_is_the_sites_own_429_in_the_readers_language(
    client, board, make_post, settings
):
    make_post(board, title="라인 스티커")
    settings.MADANG_SEARCH_GUEST_LIMIT = 1
    assert client.get("/search", {"q": "라인"}).status_code == 200
    response = client.get("/search", {"q": "스티커"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert heading(response) == "잠시 쉬었다가 다시 해 주세요"
    assert "검색을 너무 자주 하셨습니다" in parsed(response).select_one("[role=alert]").get_text()
    assert way_back(response) == ["/"]
    english = client.get("/search", {"q": "스티커"}, headers=ENGLISH)
    assert english.status_code == 429
    assert heading(english) == "Take a short break, then try again"
    assert "more than once" not in parsed(english).get_text()
    assert "second" in parsed(english).select_one(".error-page").get_text()


def test_voting_too_often_is_a_429_page_with_a_way_back_to_the_post(
    client, board, make_post, make_member, monkeypatch
):
    post = make_post(board)
    client.force_login(make_member("voter"))
    monkeypatch.setattr(limits, "VOTES_PER_HOUR", 1)
    assert client.post(f"{post.get_absolute_url()}/vote", {"value": "up"}).status_code == 302
    response = client.post(f"{post.get_absolute_url()}/vote", {"value": "up"})
    assert response.status_code == 429
    assert heading(response) == "잠시 쉬었다가 다시 해 주세요"
    assert way_back(response) == [post.get_absolute_url(), "/"]
    english = client.post(f"{post.get_absolute_url()}/vote", {"value": "up"}, headers=ENGLISH)
    assert heading(english) == "Take a short break, then try again"
    assert [link.get_text(strip=True) for link in parsed(english).select(".error-page a")] == [
        "Back to where you were",
        "Back to the boards",
    ]


def test_writing_too_often_answers_429_with_the_form_and_the_text_kept(
    client, make_board, make_member
):
    limited = make_board("limited", categories=("잡담",), posts_per_hour=1)
    category = limited.categories.get()
    client.force_login(make_member("writer"))
    form = {"title": "첫 글", "body": "본문", "category": category.pk}
    assert client.post("/limited/write", form).status_code == 302
    again = {**form, "title": "두 번째 글"}
    response = client.post("/limited/write", again)
    assert response.status_code == 429
    assert parsed(response).select_one("#id_title")["value"] == "두 번째 글"
    assert "글을 너무 자주 올렸습니다" in parsed(response).get_text()
    english = client.post("/limited/write", again, headers=ENGLISH)
    assert english.status_code == 429
    assert "You have posted too often" in parsed(english).get_text()
    assert parsed(english).html["lang"] == "en"


def test_asking_for_resets_too_often_answers_429_on_the_form_in_the_readers_language(client, db):
    for _ in range(throttle.RESET_PER_ADDRESS.count):
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 429
    assert "시도가 너무 많습니다" in parsed(response).select_one("[role=alert]").get_text()
    english = client.post(
        "/accounts/password/reset/", {"email": "nobody@example.com"}, headers=ENGLISH
    )
    assert english.status_code == 429
    assert "Too many attempts" in parsed(english).select_one("[role=alert]").get_text()


def test_the_api_answers_its_429_in_json_even_to_a_browser(client, db, settings):
    settings.MADANG_API_ADDRESS_LIMIT = 1
    html = {"Accept": "text/html"}
    assert client.get("/api/v1/boards", headers=html).status_code == 200
    response = client.get("/api/v1/boards", headers=html)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["retry_after"] == int(response["Retry-After"])
