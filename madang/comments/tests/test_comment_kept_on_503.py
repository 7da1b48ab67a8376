"""A comment answered with a 503 comes back with its text, whichever service is away.

With Redis away and the database unable to count the write limits, the limits
cannot be checked, and the comment form comes back filled (``writing.gate``).
With the database away, read-only or full, the request fails wherever it meets
the database, and the 503 page (``core/errors.py``) gives back what was typed,
in a form that sends it again.
"""

from __future__ import annotations

import psycopg
import pytest
from bs4 import BeautifulSoup
from django.db import InternalError, OperationalError
from django.test import Client

from madang.accounts import throttle
from madang.comments.models import Comment
from madang.writing import submit

TYPED = "길게 쓴 댓글입니다.\n둘째 줄 <b>도</b> 그대로 & 남아야 합니다."


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="댓글 받을 글", author=make_member("poster"))


@pytest.fixture
def commenter(make_member):
    browser = Client(raise_request_exception=False)
    browser.force_login(make_member("commenter"))
    return browser


def parse(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_limits_that_cannot_be_counted_give_back_the_typed_comment(commenter, post, monkeypatch):
    """Redis away and the database unable to count the stricter limits either: the
    gate refuses with a 503 of its own (``boards/limits.check``)."""

    def unavailable(*args: object, **kwargs: object) -> None:
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", unavailable)
    response = commenter.post(f"{post.get_absolute_url()}/comments", {"body": TYPED})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert parse(response).select_one("textarea[name=body]").text == TYPED


FAULTS = {
    "unreachable": (OperationalError, psycopg.errors.AdminShutdown("terminating connection")),
    "read-only": (InternalError, psycopg.errors.ReadOnlySqlTransaction("read-only transaction")),
    "disk-full": (OperationalError, psycopg.errors.DiskFull("could not extend file")),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_the_database_away_gives_back_the_typed_comment(commenter, post, monkeypatch, fault):
    django_class, cause = FAULTS[fault]
    real_write = submit.write_comment

    def fail(**kwargs: object) -> None:
        error = django_class(str(cause))
        raise error from cause

    monkeypatch.setattr(submit, "write_comment", fail)
    path = f"{post.get_absolute_url()}/comments"
    response = commenter.post(path, {"body": TYPED})
    assert response.status_code == 503
    assert response["Retry-After"]
    page = parse(response)
    assert page.select_one("textarea[name=body]").text == TYPED
    form = page.select_one("form[method=post]")
    assert form["action"] == path

    # The database is back: the kept form sends the comment again, as it was typed.
    monkeypatch.setattr(submit, "write_comment", real_write)
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    fields["body"] = form.select_one("textarea[name=body]").text
    assert commenter.post(path, fields).status_code == 302
    assert Comment.objects.get(post=post).body == TYPED
