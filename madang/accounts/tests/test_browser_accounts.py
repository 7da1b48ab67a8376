"""Sign-up, login and password reset in a real browser, with screenshots at both widths."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from madang.accounts.models import Member
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"
NEW_PASSWORD = "maple leaves on the roof"


def test_sign_up_log_out_and_log_in(page, live_server, board):
    page.goto(f"{live_server.url}/square/")
    page.get_by_role("link", name="회원가입").click()
    page.get_by_label("아이디").fill("yard_walker")
    page.get_by_label("이메일").fill("walker@example.com")
    page.get_by_label("비밀번호", exact=True).fill("password")
    page.get_by_label("비밀번호 확인").fill("password")
    page.get_by_role("button", name="가입하기").click()
    assert page.locator(".error").first.inner_text() == "너무 흔히 사용되는 비밀번호입니다."
    assert page.get_by_label("아이디").input_value() == "yard_walker"  # the form is kept
    shoot(page, "signup-error")
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    page.locator("h1", has_text="메일을 확인해 주세요").wait_for()
    shoot(page, "signup-sent")
    assert not Member.objects.filter(username="yard_walker").exists()
    [message] = mail.outbox
    page.goto(re.search(r"https?://\S+/accounts/signup/confirm/\S+/", message.body).group(0))
    shoot(page, "signup-confirm")
    page.get_by_role("button", name="가입 마치기").click()
    page.locator(".message", has_text="가입을 환영합니다.").wait_for()
    assert Member.objects.filter(username="yard_walker").exists()

    page.get_by_role("button", name="로그아웃").click()
    page.get_by_role("link", name="로그인").click()
    page.get_by_label("아이디").fill("yard_walker")
    page.get_by_label("비밀번호").fill("wrong password")
    page.get_by_role("button", name="로그인").click()
    page.locator(".form-errors", has_text="아이디 또는 비밀번호가 맞지 않습니다.").wait_for()
    shoot(page, "login-error")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").click()
    assert page.locator("h1").inner_text() == "내 정보"
    shoot(page, "me")


def test_reset_a_forgotten_password(page, live_server, make_member):
    member = make_member("yard_walker")
    member.set_email("walker@example.com")
    member.set_password(PASSWORD)
    member.save()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="비밀번호를 잊었어요").click()
    page.get_by_label("가입한 이메일").fill("walker@example.com")
    page.get_by_role("button", name="링크 보내기").click()
    page.locator("h1", has_text="메일을 확인해 주세요").wait_for()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_label("새 비밀번호", exact=True).fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    shoot(page, "password-reset")
    page.get_by_role("button", name="비밀번호 바꾸기").click()
    page.locator("h1", has_text="비밀번호를 바꿨습니다").wait_for()
    page.get_by_role("link", name="로그인", exact=True).last.click()
    page.get_by_label("아이디").fill("yard_walker")
    page.get_by_label("비밀번호").fill(NEW_PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    page.goto(link)
    assert (
        page.locator(".notice-box").inner_text().startswith("링크가 만료되었거나 이미 쓰였습니다")
    )


def test_a_login_link_lets_the_owner_in_while_strangers_guess(page, live_server, make_member):
    from django.test import Client

    member = make_member("yard_walker")
    member.set_email("walker@example.com")
    member.set_password(PASSWORD)
    member.save()
    stranger = Client()
    for attempt in range(100):  # the account's limit, from many addresses
        stranger.post(
            "/accounts/login/",
            {"username": "yard_walker", "password": "wrong"},
            REMOTE_ADDR=f"10.0.0.{attempt}",
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill("yard_walker")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.locator("h1", has_text="메일을 확인해 주세요").wait_for()
    shoot(page, "login-check-mail")
    [message] = mail.outbox
    page.goto(re.search(r"https?://\S+/accounts/login/link/\S+/", message.body).group(0))
    shoot(page, "login-link")
    page.get_by_role("button", name="로그인하기").click()
    page.get_by_role("link", name="내 정보").wait_for()
