from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from madang.accounts.actions import issue_invitation
from madang.accounts.models import InvitationCode, Member, SignupPolicy, SiteSettings

GOOD = {
    "username": "madang_fan",
    "email": "Fan@Example.com",
    "password1": "a quiet yard in autumn",
    "password2": "a quiet yard in autumn",
}


def errors_of(response) -> str:
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(p.get_text(" ", strip=True) for p in page.select(".error, .form-errors"))


def set_policy(policy: str) -> None:
    row = SiteSettings.current()
    row.signup_policy = policy
    row.save()


def test_open_signup_creates_the_member_and_logs_in(client, db):
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302
    member = Member.objects.get(username="madang_fan")
    assert member.email_address == "fan@example.com"
    assert member.check_password(GOOD["password1"])
    assert member.password.startswith("argon2$argon2id$") or member.password.startswith("md5$")
    assert client.get("/me/").status_code == 200


def test_email_is_stored_encrypted_with_a_blind_index(client, db):
    client.post("/accounts/signup/", GOOD)
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
        ({"email": "fan@EXAMPLE.com"}, "이미 가입한 이메일입니다."),
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
    assert client.post("/accounts/signup/", {**GOOD, "invitation": code}).status_code == 302
    client.post("/accounts/logout/")
    again = {**GOOD, "username": "second_one", "email": "two@example.com", "invitation": code}
    assert "초대 코드가 맞지 않거나" in errors_of(client.post("/accounts/signup/", again))
    assert InvitationCode.objects.get().used == 1


def test_expired_invitation_is_refused(client, db):
    from datetime import timedelta

    from django.utils import timezone

    set_policy(SignupPolicy.INVITE)
    code, _ = issue_invitation(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post("/accounts/signup/", {**GOOD, "invitation": code})
    assert "초대 코드가 맞지 않거나" in errors_of(response)


def test_signup_time_is_kept_to_the_day(client, db):
    client.post("/accounts/signup/", GOOD)
    member = Member.objects.get()
    from django.utils import timezone

    joined = timezone.localtime(member.date_joined)
    assert (joined.hour, joined.minute, joined.second) == (0, 0, 0)
    seen = timezone.localtime(member.last_login)
    assert (seen.hour, seen.minute, seen.second) == (0, 0, 0)


def test_next_pointing_at_another_host_goes_home(client, db):
    response = client.post("/accounts/signup/", {**GOOD, "next": "https://evil.example/x"})
    assert response["Location"] == "/"
    client.post("/accounts/logout/")
    data = {**GOOD, "username": "other_one", "email": "o@example.com", "next": "/square/"}
    assert client.post("/accounts/signup/", data)["Location"] == "/square/"


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
