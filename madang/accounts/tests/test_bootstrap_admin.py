"""The first admin: made once, its login printed once, with the address the site answers on."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from madang.accounts.models import Member


def test_the_first_admin_is_made_once_and_shown_where_the_site_answers(db):
    out = StringIO()
    call_command("bootstrap_admin", "--site", "http://127.0.0.1:8765/", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8765/admin/" in printed
    password = printed.split("password: ")[1].split()[0]
    admin = Member.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)
    again = StringIO()
    call_command("bootstrap_admin", stdout=again)
    assert "exists already" in again.getvalue()
    assert Member.objects.filter(is_superuser=True).count() == 1
