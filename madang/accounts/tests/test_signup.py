from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.db import connection

from madang.accounts import devices, throttle
from madang.accounts.actions import issue_invitation
from madang.accounts.models import InvitationCode, Member, SignupPolicy, SiteSettings
from madang.accounts.tests.clients import MailingClient as Client


@pytest.fixture
def client():
    """Mails go as soon as a request has answered (``clients.MailingClient``)."""
    return Client()


GOOD = {
    "username": "madang_fan",
    "email": "Fan@Example.com",
    "password1": "a quiet yard in autumn",
    "password2": "a quiet yard in autumn",
}


def errors_of(response) -> str:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select(".error, .form-errors"))


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body).group(1)


def sign_up(client, data=GOOD, address="127.0.0.1"):
    """Fill in the form, open the link mailed to the address, and finish."""
    sent = client.post("/accounts/signup/", data, REMOTE_ADDR=address)
    assert sent.status_code == 302, errors_of(sent)
    link = confirmation_link(mail.outbox[-1])
    return client.post(link, REMOTE_ADDR=address)


def set_policy(policy: str) -> None:
    row = SiteSettings.current()
    row.signup_policy = policy
    row.save()


def test_open_signup_creates_the_member_and_logs_in(client, db):
    sent = client.post("/accounts/signup/", GOOD)
    assert sent["Location"] == "/accounts/signup/sent/"
    assert not Member.objects.exists()  # not before the address is proven
    assert mail.outbox[0].to == ["fan@example.com"]
    assert mail.outbox[0].subject.endswith("가입을 마쳐 주세요")
    link = confirmation_link(mail.outbox[0])
    page = client.get(link).content.decode()  # a mail scanner's GET does nothing
    assert "가입 마치기" in page
    assert "아이디 “madang_fan”(으)로" in page  # someone else's sign-up would show
    assert not Member.objects.exists()
    response = client.post(link)
    assert response.status_code == 302
    member = Member.objects.get(username="madang_fan")
    assert member.email_address == "fan@example.com"
    assert member.check_password(GOOD["password1"])
    assert member.password.startswith("argon2$argon2id$") or member.password.startswith("md5$")
    assert client.get("/me/").status_code == 200


def test_email_is_stored_encrypted_with_a_blind_index(client, db):
    sign_up(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_member")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "fan@example.com" not in row.lower()
    assert "example" not in row.lower()
    member = Member.objects.get()
    assert Member.objects.get_by_email("FAN@example.com ") == member


def test_production_hasher_is_argon2id():
    from django.conf import settings

    from madang import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.PASSWORD_HASHERS  # the suite swaps in a fast hasher


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"username": "Madang_Fan"}, "이미 쓰이는 아이디입니다."),
        ({"username": "ab"}, "4~30자"),
        ({"username": "admin"}, "쓸 수 없는 아이디입니다."),
        ({"email": "not-an-address"}, "올바른 이메일"),
        ({"password1": "12345678", "password2": "12345678"}, "전부 숫자로"),
        ({"password1": "password", "password2": "password"}, "너무 흔히 사용되는"),
        ({"password1": "short", "password2": "short"}, "너무 짧습니다"),
        ({"password2": "something else entirely"}, "두 비밀번호가 다릅니다."),
    ],
)
def test_bad_signups_explain_in_korean_and_keep_the_form(client, make_member, change, message):
    existing = make_member("madang_fan")
    existing.set_email("fan@example.com")
    existing.save()
    data = {**GOOD, "username": "someone_new", "email": "new@example.com", **change}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 400
    assert message in errors_of(response)
    html = response.content.decode()
    assert f'value="{data["username"]}"' in html
    assert f'value="{data["password1"]}"' not in html  # passwords are never sent back
    assert Member.objects.count() == 1


def test_closed_signup_refuses(client, db):
    set_policy(SignupPolicy.CLOSED)
    assert "지금은 가입을 받지 않습니다" in client.get("/accounts/signup/").content.decode()
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 200
    assert not Member.objects.exists()


def test_invitation_signup_needs_a_working_code(client, db):
    set_policy(SignupPolicy.INVITE)
    code, invitation = issue_invitation(label="가을 모집", max_uses=1)
    assert invitation.code_hash != code and code not in invitation.code_hash
    missing = client.post("/accounts/signup/", GOOD)
    assert missing.status_code == 400
    wrong = client.post("/accounts/signup/", {**GOOD, "invitation": "nope"})
    assert "초대 코드가 맞지 않거나" in errors_of(wrong)
    assert not Member.objects.exists()
    assert sign_up(client, {**GOOD, "invitation": code}).status_code == 302
    client.post("/accounts/logout/")
    again = {**GOOD, "username": "second_one", "email": "two@example.com", "invitation": code}
    assert "초대 코드가 맞지 않거나" in errors_of(client.post("/accounts/signup/", again))
    assert InvitationCode.objects.get().used == 1


def test_an_invitation_used_up_while_a_signup_waits_for_its_mail_is_refused(client, db):
    set_policy(SignupPolicy.INVITE)
    code, _ = issue_invitation(max_uses=1)
    first, second = Client(), Client()
    first.post("/accounts/signup/", {**GOOD, "invitation": code})
    other = {**GOOD, "username": "second_one", "email": "two@example.com", "invitation": code}
    second.post("/accounts/signup/", other)
    first_link, second_link = (confirmation_link(message) for message in mail.outbox)
    assert first.post(first_link).status_code == 302
    refused = second.post(second_link)
    assert "초대 코드가 맞지 않거나" in refused.content.decode()
    assert list(Member.objects.values_list("username", flat=True)) == ["madang_fan"]


def test_expired_invitation_is_refused(client, db):
    from datetime import timedelta

    from django.utils import timezone

    set_policy(SignupPolicy.INVITE)
    code, _ = issue_invitation(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post("/accounts/signup/", {**GOOD, "invitation": code})
    assert "초대 코드가 맞지 않거나" in errors_of(response)


def test_signup_time_is_kept_to_the_day(client, db):
    sign_up(client)
    member = Member.objects.get()
    from django.utils import timezone

    joined = timezone.localtime(member.date_joined)
    assert (joined.hour, joined.minute, joined.second) == (0, 0, 0)
    seen = timezone.localtime(member.last_login)
    assert (seen.hour, seen.minute, seen.second) == (0, 0, 0)


def test_next_pointing_at_another_host_goes_home(client, db):
    response = sign_up(client, {**GOOD, "next": "https://evil.example/x"})
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    data = {**GOOD, "username": "other_one", "email": "o@example.com", "next": "/square/"}
    assert sign_up(client, data)["Location"] == "/square/"


def test_admin_issues_invitation_codes_shown_once(client, make_member):
    admin = make_member(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/invitationcode/add/", {"label": "봄 모집", "max_uses": 3}, follow=True
    )
    html = response.content.decode()
    assert "지금 한 번만 보입니다" in html
    invitation = InvitationCode.objects.get()
    assert invitation.label == "봄 모집" and invitation.max_uses == 3
    assert client.get(f"/admin/accounts/member/{admin.pk}/change/").status_code == 200
    assert client.get("/admin/accounts/sitesettings/add/").status_code == 200


# --- one answer whether or not the address is registered (SECURITY.md, Accounts) ---


@pytest.fixture
def owner(make_member):
    existing = make_member("madang_fan")
    existing.set_email("fan@example.com")
    existing.save()
    return existing


def test_signup_answers_the_same_whether_or_not_the_address_is_registered(client, owner):
    taken = Client().post(
        "/accounts/signup/", {**GOOD, "username": "curious_one", "email": "FAN@example.com"}
    )
    fresh = Client().post(
        "/accounts/signup/", {**GOOD, "username": "newcomer", "email": "new@example.com"}
    )
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"] == "/accounts/signup/sent/"
    assert client.get(taken["Location"]).content == client.get(fresh["Location"]).content
    assert Member.objects.count() == 1
    # the owner of the registered address hears of it by mail, in Korean
    notice, confirmation = mail.outbox
    assert notice.to == ["fan@example.com"]
    assert "가입하려는" in notice.subject
    assert "로그인" in notice.body and "/accounts/password/reset/" in notice.body
    assert "/accounts/signup/confirm/" not in notice.body
    assert "curious_one" not in notice.body  # whoever tried chose that name, not the owner
    assert confirmation.to == ["new@example.com"]


def test_signup_does_the_same_work_whether_or_not_the_address_is_registered(
    owner, django_capture_on_commit_callbacks
):
    from django.test import Client as PlainClient  # keeps the deferred mail deferred
    from django.test.utils import CaptureQueriesContext

    addresses = iter(["10.7.0.1", "10.7.0.2"])  # each the first from its address

    def statements(data):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=False) as tasks,
        ):
            PlainClient().post("/accounts/signup/", data, REMOTE_ADDR=next(addresses))
        assert len(tasks) == 1  # a mail, sent after the answer
        return [query["sql"].split(" ")[0] for query in queries.captured_queries]

    SiteSettings.current()  # made on first use
    taken = statements({**GOOD, "username": "curious_one", "email": "fan@example.com"})
    fresh = statements({**GOOD, "username": "newcomer", "email": "new@example.com"})
    assert taken == fresh
    assert mail.outbox == []


def test_the_owner_is_told_only_a_few_times_an_hour(client, owner):
    for index in range(6):
        data = {**GOOD, "username": f"curious_{index}", "email": "fan@example.com"}
        assert (
            Client().post("/accounts/signup/", data, REMOTE_ADDR=f"10.5.0.{index}").status_code
            == 302
        )
    assert 0 < len(mail.outbox) < 6


def test_a_confirmation_for_an_address_registered_meanwhile_creates_nothing(client, db):
    first, second = Client(), Client()
    first.post("/accounts/signup/", GOOD)
    second.post("/accounts/signup/", {**GOOD, "username": "second_one"})
    links = [confirmation_link(message) for message in mail.outbox]
    assert first.post(links[0]).status_code == 302
    refused = second.post(links[1])  # one address, one member: the other link ended
    assert "링크가 만료되었거나 이미 쓰였습니다. 이미 가입을 마쳤다면" in refused.content.decode()
    assert Member.objects.count() == 1


def test_a_confirmation_link_works_once(client, db):
    sent = client.post("/accounts/signup/", GOOD)
    assert sent.status_code == 302
    link = confirmation_link(mail.outbox[0])
    assert client.post(link).status_code == 302
    client.post("/accounts/logout/")
    again = Client().post(link)
    assert "링크가 만료되었거나 이미 쓰였습니다" in again.content.decode()
    assert Member.objects.count() == 1


def test_a_confirmation_link_expires_after_the_next_day(client, db, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    client.post("/accounts/signup/", GOOD)
    link = confirmation_link(mail.outbox[0])
    later = timezone.now() + timedelta(hours=49)  # kept to the day: the end of the next one
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "링크가 만료되었거나" in client.post(link).content.decode()
    assert not Member.objects.exists()


# --- sign-up limits per address and per device ---


def attempt(client, index, address):
    data = {**GOOD, "username": f"bulk_{index}", "email": f"bulk{index}@example.com"}
    return client.post("/accounts/signup/", data, REMOTE_ADDR=address)


def test_signups_are_limited_per_address(db):
    # 25 accounts from one address went through in 7.5 seconds: each from a fresh browser
    answers = [attempt(Client(), index, "198.51.100.7").status_code for index in range(25)]
    assert 429 in answers
    limit = throttle.SIGNUP_PER_ADDRESS
    assert answers[: limit.count] == [302] * limit.count
    assert set(answers[limit.count :]) == {429}
    assert len(mail.outbox) == limit.count
    elsewhere = attempt(Client(), 99, "198.51.100.8")
    assert elsewhere.status_code == 302


def test_signups_are_limited_per_device(db):
    browser = Client()
    answers = [attempt(browser, index, f"10.6.0.{index}").status_code for index in range(15)]
    assert 429 in answers
    limit = throttle.SIGNUP_PER_DEVICE
    assert answers[: limit.count] == [302] * limit.count
    assert set(answers[limit.count :]) == {429}
    refused = attempt(browser, 99, "10.6.1.1")
    assert "시도가 너무 많습니다" in refused.content.decode()
    assert refused["Retry-After"]


def test_every_signup_attempt_counts_so_taken_names_cannot_be_listed(client, owner):
    """A taken name is still said, but guessing names uses up the same limit."""
    answers = []
    for index in range(25):
        data = {**GOOD, "username": "madang_fan", "email": f"x{index}@example.com"}
        answers.append(Client().post("/accounts/signup/", data, REMOTE_ADDR="198.51.100.9"))
    assert "이미 쓰이는 아이디입니다." in errors_of(answers[0])
    assert answers[-1].status_code == 429
    assert "이미 쓰이는 아이디입니다." not in answers[-1].content.decode()


def test_a_new_browser_gets_a_device_cookie_on_its_first_signup(client, db):
    response = attempt(client, 1, "127.0.0.1")
    assert devices.COOKIE in response.cookies
    assert devices.device_id(client.get("/").wsgi_request)


def test_signup_is_refused_while_its_counters_are_away(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise throttle.ThrottleUnavailable

    monkeypatch.setattr(throttle, "hits_many", broken)
    refused = client.post("/accounts/signup/", GOOD)
    assert refused.status_code == 503
    assert refused["Retry-After"] == str(throttle.RETRY_WHEN_UNAVAILABLE)
    assert mail.outbox == []
