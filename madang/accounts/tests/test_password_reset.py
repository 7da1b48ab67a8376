from __future__ import annotations

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from madang.accounts import throttle
from madang.accounts.models import Member, MemberSession

OLD = "a quiet yard in autumn"
NEW = "maple leaves on the roof"


@pytest.fixture
def fan(make_member):
    member = make_member("madang_fan")
    member.set_email("fan@example.com")
    member.set_password(OLD)
    member.save()
    return member


def ask_reset(client, email, address="127.0.0.1"):
    return client.post("/accounts/password/reset/", {"email": email}, REMOTE_ADDR=address)


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_known_and_unknown_addresses_get_the_same_answer(
    client, fan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = ask_reset(client, "fan@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        unknown = ask_reset(client, "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["fan@example.com"]
    page = client.get(known["Location"]).content.decode()
    assert "그 주소로 가입한 계정이 있으면" in page


def test_the_answer_does_the_same_work_either_way(client, fan, django_capture_on_commit_callbacks):
    """Mail is rendered and sent after the answer, so timing cannot tell the two apart."""
    client = Client()  # django's, which leaves the deferred mail deferred
    with (
        CaptureQueriesContext(connection) as known_queries,
        django_capture_on_commit_callbacks(execute=False) as known_tasks,
    ):
        ask_reset(client, "fan@example.com")
    with (
        CaptureQueriesContext(connection) as unknown_queries,
        django_capture_on_commit_callbacks(execute=False) as unknown_tasks,
    ):
        ask_reset(client, "nobody@example.com")
    assert len(mail.outbox) == 0  # nothing was sent inside the request
    assert len(known_tasks) == 1 and len(unknown_tasks) == 0
    # the same lookups; the known address adds only its per-mailbox counter
    lookup = [q["sql"] for q in known_queries.captured_queries if "accounts_member" in q["sql"]]
    lookup_unknown = [
        q["sql"] for q in unknown_queries.captured_queries if "accounts_member" in q["sql"]
    ]
    assert len(lookup) == len(lookup_unknown) == 1


def test_the_token_resets_once_and_does_not_log_in(client, fan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, "fan@example.com")
    link = link_in(mail.outbox[0])
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    assert "set-password" in set_url  # the token left the address bar
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done["Location"] == "/accounts/password/reset/complete/"
    fan.refresh_from_db()
    assert fan.check_password(NEW)
    assert "_auth_user_id" not in client.session
    again = Client().get(link, follow=True)
    assert "링크가 만료되었거나 이미 쓰였습니다" in again.content.decode()


def test_a_reset_ends_every_session_of_the_member(client, fan, django_capture_on_commit_callbacks):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.post("/accounts/login/", {"username": "madang_fan", "password": OLD})
    assert MemberSession.objects.filter(member_id=fan.pk).count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, "fan@example.com")
    set_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert MemberSession.objects.filter(member_id=fan.pk).count() == 0
    assert phone.get("/me/").status_code == 302


def test_tokens_expire(client, fan, settings, monkeypatch):
    from datetime import datetime, timedelta

    token = default_token_generator.make_token(fan)
    uid = urlsafe_base64_encode(force_bytes(fan.pk))
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
    assert "링크가 만료되었거나 이미 쓰였습니다" in page.content.decode()


def test_a_token_is_bound_to_its_member(client, fan, make_member):
    other = make_member("someone_else")
    token = default_token_generator.make_token(fan)
    uid = urlsafe_base64_encode(force_bytes(other.pk))
    page = client.get(f"/accounts/password/reset/{uid}/{token}/", follow=True)
    assert "링크가 만료되었거나 이미 쓰였습니다" in page.content.decode()


@pytest.mark.parametrize("uid", ["!!", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0", "x" * 300])
def test_garbage_links_never_fail(client, db, uid):
    page = client.get(f"/accounts/password/reset/{uid}/abc-def/", follow=True)
    assert page.status_code == 200
    assert "링크가 만료되었거나 이미 쓰였습니다" in page.content.decode()


def test_reset_requests_are_limited_per_address(client, fan):
    for _ in range(throttle.RESET_PER_ADDRESS.count):
        assert ask_reset(client, "nobody@example.com").status_code == 302
    blocked = ask_reset(client, "fan@example.com")
    assert blocked.status_code == 429
    assert blocked["Retry-After"]


def test_reset_requests_are_refused_while_the_counters_are_away(client, fan, monkeypatch):
    def broken(*args, **kwargs):
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", broken)
    refused = ask_reset(client, "fan@example.com")
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(throttle.RETRY_WHEN_UNAVAILABLE)
    assert "지금은 시도 횟수를 확인할 수 없어" in refused.content.decode()
    assert mail.outbox == []


def test_one_mailbox_gets_a_few_mails_an_hour_and_the_answer_never_changes(
    client, fan, django_capture_on_commit_callbacks
):
    for index in range(throttle.RESET_PER_ACCOUNT.count + 3):
        with django_capture_on_commit_callbacks(execute=True):  # strangers, one browser each
            response = ask_reset(Client(), "fan@example.com", address=f"10.2.0.{index}")
        assert response.status_code == 302
    assert len(mail.outbox) == throttle.RESET_PER_ACCOUNT.count


def test_malformed_address_keeps_the_form(client, db):
    response = client.post("/accounts/password/reset/", {"email": "not-an-address"})
    assert response.status_code == 200
    assert 'value="not-an-address"' in response.content.decode()
    assert "올바른 이메일" in response.content.decode()
    assert Member.objects.count() == 0


def ask_many(count, email="fan@example.com", prefix="10.3.0", callbacks=None):
    for index in range(count):
        with callbacks(execute=True):
            assert ask_reset(Client(), email, address=f"{prefix}.{index}").status_code == 302


def test_strangers_cannot_use_up_the_owners_reset_mails_on_a_known_device(
    client, fan, django_capture_on_commit_callbacks
):
    owner = Client()
    owner.post("/accounts/login/", {"username": "madang_fan", "password": OLD})
    owner.post("/accounts/logout/")
    ask_many(throttle.RESET_PER_ACCOUNT.count + 2, callbacks=django_capture_on_commit_callbacks)
    sent_to_strangers = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert ask_reset(owner, "fan@example.com", address="10.4.0.1").status_code == 302
    assert len(mail.outbox) == sent_to_strangers + 1  # "sent", and it was


def test_strangers_cannot_use_up_the_owners_reset_mails_at_a_known_address(
    client, fan, django_capture_on_commit_callbacks
):
    Client().post(
        "/accounts/login/", {"username": "madang_fan", "password": OLD}, REMOTE_ADDR="10.4.0.2"
    )
    ask_many(throttle.RESET_PER_ACCOUNT.count + 2, callbacks=django_capture_on_commit_callbacks)
    sent_to_strangers = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(Client(), "fan@example.com", address="10.4.0.2")  # a new browser at home
    assert len(mail.outbox) == sent_to_strangers + 1


def test_one_place_sends_one_mailbox_only_a_few_mails(
    client, fan, django_capture_on_commit_callbacks
):
    for _ in range(throttle.RESET_PER_ACCOUNT.count):
        with django_capture_on_commit_callbacks(execute=True):
            assert ask_reset(Client(), "fan@example.com", address="10.4.0.3").status_code == 302
    assert len(mail.outbox) == throttle.RESET_PER_REQUESTER.count < throttle.RESET_PER_ACCOUNT.count


def test_one_browser_sends_one_mailbox_only_a_few_mails_from_any_address(
    client, fan, django_capture_on_commit_callbacks
):
    browser = Client()
    browser.post("/accounts/login/", {"username": "madang_fan", "password": OLD})
    browser.post("/accounts/logout/")  # a known device, whatever address it comes from
    for index in range(throttle.RESET_PER_ACCOUNT.count + 2):
        with django_capture_on_commit_callbacks(execute=True):
            ask_reset(browser, "fan@example.com", address=f"10.4.1.{index}")
    assert len(mail.outbox) == throttle.RESET_PER_REQUESTER.count
