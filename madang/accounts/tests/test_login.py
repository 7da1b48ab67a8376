from __future__ import annotations

import re

import pytest
from django.core import mail
from django.utils import timezone

from madang.accounts import devices, throttle
from madang.accounts.models import MemberSession
from madang.accounts.tests.clients import MailingClient as Client


@pytest.fixture
def client():
    """Mails go as soon as a request has answered (``clients.MailingClient``)."""
    return Client()


PASSWORD = "a quiet yard in autumn"


@pytest.fixture
def fan(make_member):
    member = make_member("madang_fan")
    member.set_email("fan@example.com")
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


def fail_from_many_addresses(count, username="madang_fan", prefix="10.0"):
    """Wrong passwords for one account, each from its own address, as a botnet sends them."""
    for attempt in range(count):
        address = f"{prefix}.{attempt // 250}.{attempt % 250}"
        Client().post(
            "/accounts/login/", {"username": username, "password": "wrong"}, REMOTE_ADDR=address
        )


def fail_from_one_address(count, address):
    """Wrong passwords for many names from one address (credential stuffing)."""
    for index in range(count):
        Client().post(
            "/accounts/login/", {"username": f"guess{index}", "password": "x"}, REMOTE_ADDR=address
        )


def login_link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/login/link/\S+/)", message.body).group(1)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_account_under_attack_asks_strangers_for_its_mailbox_not_a_lock(client, fan):
    """100 failures over 105 addresses locked the owner out of every new browser."""
    fail_from_many_addresses(105)
    assert mail.outbox == []  # wrong passwords mail nobody
    answer = log_in(client, address="10.9.9.9")  # the owner, a new browser, a new place
    assert answer.status_code == 200
    assert "메일을 확인해 주세요" in answer.content.decode()
    assert not logged_in(client)
    [message] = mail.outbox
    assert message.to == ["fan@example.com"]
    assert "로그인" in message.subject
    link = login_link_in(message)
    assert "로그인하기" in client.get(link).content.decode()  # a mail scanner's GET does nothing
    assert not logged_in(client)
    assert client.post(link, REMOTE_ADDR="10.9.9.9").status_code == 302
    assert logged_in(client)


def test_a_wrong_password_past_the_limit_gets_the_same_answer_and_mails_nobody(client, fan):
    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count)
    stranger = log_in(Client(), password="a guess", address="10.9.9.8")
    owner = log_in(Client(), address="10.9.9.9")
    assert stranger.status_code == owner.status_code == 200
    assert csrf_free(stranger) == csrf_free(owner)
    assert len(mail.outbox) == 1  # the owner's; the guess sent nothing


def csrf_free(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_the_owner_at_an_address_they_logged_in_from_gets_straight_in(client, fan):
    assert log_in(Client(), address="10.8.0.1").status_code == 302  # some day before
    fail_from_many_addresses(105)
    new_browser = Client()
    assert log_in(new_browser, address="10.8.0.1").status_code == 302
    assert logged_in(new_browser)
    assert mail.outbox == []


def test_failures_from_one_address_do_not_keep_its_other_users_out(client, fan):
    """50 wrong passwords from one address blocked everyone there without a device cookie."""
    shared = "198.51.100.20"
    assert log_in(Client(), address=shared).status_code == 302  # the owner, some day before
    fail_from_one_address(throttle.LOGIN_PER_ADDRESS.count, shared)
    assert log_in(client, address=shared).status_code == 302
    assert logged_in(client)


def test_a_newcomer_at_a_busy_address_proves_their_mailbox(client, fan):
    shared = "198.51.100.21"
    fail_from_one_address(throttle.LOGIN_PER_ADDRESS.count, shared)
    answer = log_in(client, address=shared)
    assert answer.status_code == 200 and not logged_in(client)
    assert client.post(login_link_in(mail.outbox[0]), REMOTE_ADDR=shared).status_code == 302
    assert logged_in(client)


def test_the_owner_on_a_known_device_is_never_locked_out(client, fan):
    owner = Client()
    assert log_in(owner).status_code == 302
    owner.post("/accounts/logout/")
    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count + 5, prefix="10.1")
    fail_from_one_address(throttle.LOGIN_PER_ADDRESS.count, "127.0.0.1")
    assert log_in(owner, address="10.1.9.9").status_code == 302  # the owner's browser is trusted


def test_a_known_address_stops_vouching_after_its_own_failures(client, fan):
    """Someone behind the owner's address gets a few guesses there, not endless ones."""
    home = "10.8.0.2"
    assert log_in(Client(), address=home).status_code == 302
    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count)
    for _ in range(throttle.LOGIN_PER_KNOWN_ADDRESS.count):
        assert log_in(Client(), password="wrong", address=home).status_code == 200
    answer = log_in(client, address=home)
    assert answer.status_code == 200 and not logged_in(client)
    assert len(mail.outbox) == 1  # the mailbox still lets the owner in


def test_a_known_device_that_fails_too_often_asks_for_the_mailbox(client, fan):
    assert log_in(client).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(throttle.LOGIN_PER_DEVICE.count):
        assert log_in(client, password="wrong", address="10.7.0.1").status_code == 400
    answer = log_in(client, address="10.7.0.1")
    assert answer.status_code == 200 and not logged_in(client)
    assert len(mail.outbox) == 1


def test_a_login_link_works_once_and_expires(client, fan, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count)
    log_in(client, address="10.9.9.9")
    log_in(Client(), address="10.9.9.9")
    first, second = (login_link_in(message) for message in mail.outbox)
    assert client.post(first).status_code == 302
    used = Client().post(first)
    assert "링크가 만료되었거나 이미 쓰였습니다" in used.content.decode()
    assert "링크가 만료되었거나" in Client().post(second).content.decode()  # one use ends all
    log_in(Client(), address="10.9.9.9")
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    late = Client()
    assert "링크가 만료되었거나" in late.post(login_link_in(mail.outbox[-1])).content.decode()
    assert not logged_in(late)


def test_login_links_are_mailed_a_few_times_an_hour(client, fan):
    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count)
    for index in range(throttle.LOGIN_LINKS_PER_ACCOUNT.count + 3):
        assert log_in(Client(), address=f"10.9.8.{index}").status_code == 200
    assert len(mail.outbox) == throttle.LOGIN_LINKS_PER_ACCOUNT.count


def test_a_login_link_keeps_the_next_page(client, fan):
    fail_from_many_addresses(throttle.LOGIN_PER_ACCOUNT.count)
    log_in(client, address="10.9.9.9", next="/square/")
    assert client.post(login_link_in(mail.outbox[0]))["Location"] == "/square/"


def test_login_addresses_cannot_be_joined_with_the_traces_of_writing(client, fan):
    from madang.accounts import crypto
    from madang.accounts.models import LoginAddress

    log_in(client, address="203.0.113.50")
    [row] = LoginAddress.objects.filter(member=fan)
    assert "203.0.113.50" not in str(row.__dict__)
    address_hashes = {
        crypto.address_hash("203.0.113.50"),
        crypto.keyed_hash("203.0.113.50", "client-address"),
        crypto.keyed_hash("203.0.113.50", "login-address"),
    }
    assert row.digest not in address_hashes
    fan.delete()
    assert not LoginAddress.objects.exists()


def test_one_ipv6_network_counts_as_one_address(client, fan):
    for index in range(throttle.LOGIN_PER_ADDRESS.count):
        Client().post(
            "/accounts/login/",
            {"username": f"guess{index}", "password": "x"},
            REMOTE_ADDR=f"2001:db8:1:2::{index + 1:x}",
        )
    answer = log_in(client, address="2001:db8:1:2::ffff")
    assert answer.status_code == 200 and not logged_in(client)  # asked for the mailbox


def test_throttling_fails_closed_when_its_store_is_down(client, fan, monkeypatch):
    def broken(*args, **kwargs):
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", broken)
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
