"""Behind the caching proxy, post views are counted from its reports, once each."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import resolve

from madang.boards import viewcounts
from madang.boards.models import Post
from madang.boards.proxy_views import proxied_view
from madang.boards.slugs import validate_board_slug

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"
# What nginx adds to every request it passes on (docs/deploy/nginx.conf).
FROM_PROXY = {
    "REMOTE_ADDR": "127.0.0.1",
    "HTTP_X_FORWARDED_FOR": "203.0.113.5",
    "HTTP_X_MADANG_VIEWS": "mirror",
    "HTTP_USER_AGENT": BROWSER,
}


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.MADANG_TRUSTED_PROXIES = ["127.0.0.1"]


def views_of(post: Post) -> int:
    viewcounts.flush_views()
    return Post.objects.get(pk=post.pk).view_count


def test_behind_the_proxy_the_page_counts_nothing_and_the_report_counts_once(
    counter, client, board, make_post
):
    post = make_post(board)
    for _ in range(3):
        page = client.get("/square/1", **FROM_PROXY)
        assert page.status_code == 200
        assert viewcounts.COOKIE not in page.cookies  # the page stays cacheable
    assert views_of(post) == 0
    for _ in range(3):  # nginx reports every request, from its cache or not
        assert client.get("/_proxy/views/square/1", **FROM_PROXY).status_code == 204
    assert views_of(post) == 1


def test_a_report_knows_the_guest_as_the_page_would(counter, board, make_post):
    """Without a cookie, the viewer is the keyed hash of the forwarded address and browser."""
    post = make_post(board)
    Client().get("/_proxy/views/square/1", **FROM_PROXY)
    Client().get("/_proxy/views/square/1", **FROM_PROXY)  # another connection, same reader
    Client().get("/_proxy/views/square/1", **{**FROM_PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.6"})
    assert views_of(post) == 2


def test_a_guest_with_a_viewer_cookie_keeps_it_behind_the_proxy(counter, client, board, make_post):
    post = make_post(board)
    client.get("/square/1", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.1")  # before nginx
    assert viewcounts.COOKIE in client.cookies
    client.get("/_proxy/views/square/1", **FROM_PROXY)
    assert views_of(post) == 1


def test_a_members_report_counts_the_member(counter, client, board, make_post, member):
    post = make_post(board)
    client.force_login(member)
    client.get("/square/1", **FROM_PROXY)
    assert views_of(post) == 0
    client.get("/_proxy/views/square/1", **FROM_PROXY)
    client.get("/_proxy/views/square/1", **{**FROM_PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    assert views_of(post) == 1


def test_only_a_trusted_proxy_may_report(counter, client, board, make_post, settings):
    post = make_post(board)
    elsewhere = {**FROM_PROXY, "REMOTE_ADDR": "198.51.100.7"}
    assert client.get("/_proxy/views/square/1", **elsewhere).status_code == 403
    unmarked = {key: value for key, value in FROM_PROXY.items() if key != "HTTP_X_MADANG_VIEWS"}
    assert client.get("/_proxy/views/square/1", **unmarked).status_code == 403
    settings.MADANG_TRUSTED_PROXIES = []
    assert client.get("/_proxy/views/square/1", **FROM_PROXY).status_code == 403
    assert views_of(post) == 0


def test_the_header_from_anyone_else_does_not_stop_the_count(counter, client, board, make_post):
    post = make_post(board)
    client.get("/square/1", **{**FROM_PROXY, "REMOTE_ADDR": "198.51.100.7"})
    assert views_of(post) == 1


@pytest.mark.parametrize("agent", ["", "Mozilla/5.0 (compatible; Googlebot/2.1)", "curl/8.0"])
def test_reports_of_bots_count_nothing(counter, client, board, make_post, agent):
    post = make_post(board)
    answer = client.get("/_proxy/views/square/1", **{**FROM_PROXY, "HTTP_USER_AGENT": agent})
    assert answer.status_code == 204
    assert views_of(post) == 0


def test_a_head_counts_nothing_and_a_report_cannot_be_posted(counter, client, board, make_post):
    post = make_post(board)
    assert client.head("/_proxy/views/square/1", **FROM_PROXY).status_code == 204
    assert client.post("/_proxy/views/square/1", **FROM_PROXY).status_code == 405
    assert views_of(post) == 0


def test_hidden_and_missing_posts_are_not_counted(counter, client, board, make_post):
    post = make_post(board)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.HIDDEN)
    assert client.get("/_proxy/views/square/1", **FROM_PROXY).status_code == 404
    assert client.get("/_proxy/views/square/2", **FROM_PROXY).status_code == 404
    assert client.get("/_proxy/views/nowhere/1", **FROM_PROXY).status_code == 404
    assert views_of(post) == 0


def test_a_guest_report_reads_the_board_and_the_post(
    counter, client, board, make_post, django_assert_num_queries
):
    make_post(board)
    with django_assert_num_queries(2):
        assert client.get("/_proxy/views/square/1", **FROM_PROXY).status_code == 204


def test_the_report_path_can_never_be_a_board():
    assert resolve("/_proxy/views/square/1").func is proxied_view
    with pytest.raises(ValidationError):
        validate_board_slug("_proxy")
