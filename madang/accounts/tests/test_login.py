from __future__ import annotations

import pytest
from django.utils import timezone

from madang.accounts import devices, throttle
from madang.accounts.models import MemberSession

PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def fan(make_member):
    member = make_member("madang_fan")
    member.set_password(PASSWORD)
    member.save()
    return member


def log_in(client, username="madang_fan", password=PASSWORD, address="127.0.0.1", **fields):
    data = {"username": username, "password": password, **fields}
    return client.post("/accounts/login/", data, REMOTE_ADDR=address)


def test_login_rotates_the_session_id(client, fan):
    client.get("/accounts/login/")
    client.session["probe"] = 1
    session = client.session
    session["probe"] = 1
    session.save()
    before = session.session_key
    response = log_in(client)
    assert response.status_code == 302
    assert client.session.session_key != before
    assert MemberSession.objects.filter(member_id=fan.pk).count() == 1


def test_login_ignores_the_case_of_the_username(client, fan):
    assert log_in(client, username="Madang_FAN").status_code == 302


def test_wrong_password_explains_in_korean_and_keeps_the_name(client, fan):
    response = log_in(client, password="wrong")
    assert response.status_code == 400
    html = response.content.decode()
    assert "아이디 또는 비밀번호가 맞지 않습니다." in html
    assert 'value="madang_fan"' in html


def test_next_only_to_this_site(client, fan):
    assert log_in(client, next="https://evil.example/")["Location"] == "/"
    client.post("/accounts/logout/")
    assert log_in(client, next="//evil.example/")["Location"] == "/"
    client.post("/accounts/logout/")
    assert log_in(client, next="/square/")["Location"] == "/square/"


def test_logout_ends_the_session_on_the_server(client, fan):
    log_in(client)
    key = client.session.session_key
    assert MemberSession.objects.filter(session_key=key).exists()
    assert client.get("/accounts/logout/").status_code == 405  # a link cannot log anyone out
    assert client.post("/accounts/logout/").status_code == 302
    assert not MemberSession.objects.filter(session_key=key).exists()
    assert client.get("/me/").status_code == 302


def test_session_rows_hold_the_login_time_only_to_the_day(client, fan):
    log_in(client)
    row = MemberSession.objects.get(member_id=fan.pk)
    expires = timezone.localtime(row.expire_date)
    assert (expires.hour, expires.minute, expires.second) == (0, 0, 0)


def test_session_cookie_flags(client, fan, settings):
    from madang import settings as production

    response = log_in(client)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert production.SESSION_COOKIE_SECURE or production.DEBUG  # Secure outside debug
    assert response.cookies[devices.COOKIE]["httponly"]


def test_an_account_takes_at_most_100_failures_an_hour_from_strangers(client, fan, settings):
    for attempt in range(throttle.LOGIN_PER_ACCOUNT.count):
        # each attempt from its own address, as a botnet would
        address = f"10.0.{attempt // 250}.{attempt % 250}"
        response = log_in(client, password="wrong", address=address)
        assert response.status_code == 400
    blocked = client.post(
        "/accounts/login/",
        {"username": "madang_fan", "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "3600"
    assert "시도가 너무 많습니다" in blocked.content.decode()
    assert 'value="madang_fan"' in blocked.content.decode()


def test_the_owner_on_a_known_device_is_never_locked_out(client, fan, django_user_model):
    from django.test import Client

    owner = Client()
    assert log_in(owner).status_code == 302
    owner.post("/accounts/logout/")
    for attempt in range(throttle.LOGIN_PER_ACCOUNT.count + 5):
        client.post(
            "/accounts/login/",
            {"username": "madang_fan", "password": "wrong"},
            REMOTE_ADDR=f"10.1.0.{attempt % 250}",
        )
    assert log_in(client).status_code == 429  # a stranger, even with the right password
    assert log_in(owner).status_code == 302  # the owner's browser is trusted


def test_one_address_is_limited_across_accounts(client, fan, make_member):
    for index in range(throttle.LOGIN_PER_ADDRESS.count):
        client.post("/accounts/login/", {"username": f"guess{index}", "password": "x"})
    assert log_in(client).status_code == 429


def test_throttling_fails_closed_when_its_store_is_down(client, fan, monkeypatch):
    def broken(*args, **kwargs):
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits", broken)
    refused = log_in(client)  # the right password, and still refused
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(throttle.RETRY_WHEN_UNAVAILABLE)
    assert "지금은 시도 횟수를 확인할 수 없어" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_throttling_fails_closed_when_the_table_store_is_down(client, fan, monkeypatch, settings):
    """Without Redis the counters live in a table; a failing query refuses the attempt too."""
    from django.db import OperationalError

    from madang.accounts.models import ThrottleCounter

    def broken(*args, **kwargs):
        raise OperationalError("the counter table cannot be read")

    settings.REDIS_URL = ""
    monkeypatch.setattr(ThrottleCounter.objects, "filter", broken)
    assert log_in(client).status_code == 503


def test_device_cookie_cannot_be_forged(client, fan):
    client.cookies[devices.COOKIE] = "forged-value"
    assert devices.trusted_tokens(client.get("/").wsgi_request) == []


@pytest.mark.parametrize(
    "target",
    [
        "/accounts/login/",
        "/accounts/login/?next=/accounts/login/",
        "/accounts/login/?next=%2Faccounts%2Flogin%2F",
        "/accounts/signup/",
    ],
)
def test_a_member_sent_back_to_the_login_page_goes_home(client, fan, target):
    from urllib.parse import quote

    client.force_login(fan)
    response = client.get(f"/accounts/login/?next={quote(target)}")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert log_in(client, next=target)["Location"] == "/"
