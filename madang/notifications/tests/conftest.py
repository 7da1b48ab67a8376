"""Fixtures of the notifications tests: a post's writer, a commenter, a moderator."""

from __future__ import annotations

import pytest
from django.test import Client

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.moderation.models import BoardModerator
from madang.notifications.models import Notification


@pytest.fixture
def writer(make_member) -> Member:
    return make_member("writer")


@pytest.fixture
def commenter(make_member) -> Member:
    return make_member("commenter")


@pytest.fixture
def moderator(board, make_member) -> Member:
    member = make_member("square_mod")
    BoardModerator.objects.create(board=board, member=member)
    return member


@pytest.fixture
def post(board, make_post, writer) -> Post:
    return make_post(board, title="마당의 가을 이야기", author=writer)


def client_of(member: Member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def notifications_of(member: Member) -> list[Notification]:
    return list(Notification.objects.filter(recipient_ref=author_ref_for(member.pk)).order_by("id"))
