"""Rate limits per address and per token: 429 with Retry-After past either."""

from __future__ import annotations

import pytest
from django.test import Client

from madang.accounts import throttle
from madang.accounts.models import ThrottleCounter
from madang.api import ratelimit
from madang.api.tests.conftest import Api


@pytest.fixture
def limits(settings):
    settings.MADANG_API_ADDRESS_LIMIT = 5
    settings.MADANG_API_TOKEN_LIMIT = 3
    return settings


def test_an_address_past_its_limit_gets_429_with_retry_after(posts, limits, guest):
    assert [guest.get("/boards").status_code for _ in range(5)] == [200] * 5
    response = guest.get("/boards")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response["Retry-After"])
    elsewhere = Api(Client(REMOTE_ADDR="192.0.2.7"))
    assert elsewhere.get("/boards").status_code == 200


def test_a_token_past_its_limit_gets_429_wherever_it_calls_from(posts, limits, member, token_for):
    raw = token_for(member)
    for number in range(3):
        client = Client(REMOTE_ADDR=f"192.0.2.{number + 1}")
        assert Api(client, raw).get("/boards").status_code == 200
    late = Api(Client(REMOTE_ADDR="192.0.2.99"), raw).get("/boards")
    assert late.status_code == 429
    assert "Retry-After" in late
    other_token = Api(Client(REMOTE_ADDR="192.0.2.99"), token_for(member))
    assert other_token.get("/boards").status_code == 200


def test_writes_count_too(posts, limits, member, as_member):
    api = as_member(member)
    for _ in range(3):
        api.put("/boards/square/posts/1/scrap")
    assert api.put("/boards/square/posts/1/scrap").status_code == 429


def test_no_limit_at_zero(posts, settings, guest):
    settings.MADANG_API_ADDRESS_LIMIT = 0
    assert {guest.get("/boards").status_code for _ in range(12)} == {200}


@pytest.mark.redis
def test_the_limits_count_in_redis(posts, limits, guest):
    assert [guest.get("/boards").status_code for _ in range(6)] == [200] * 5 + [429]
    assert throttle.hits(ratelimit.address_limit(), "127.0.0.1") == 5
    assert not ThrottleCounter.objects.exists()  # in Redis, not in the table
