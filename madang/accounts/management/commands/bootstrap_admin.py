"""Create the first admin with a random password and print it once."""

from __future__ import annotations

import secrets

from django.core.management.base import BaseCommand

from madang.accounts.models import Member


class Command(BaseCommand):
    help = "Create an admin account when there is none, and print its login once."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--site", default="http://127.0.0.1:8000", help="where the site will answer"
        )

    def handle(self, *args: object, username: str, site: str, **options: object) -> None:
        if Member.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An admin account exists already. "
                "To set a new password: .venv/bin/madang changepassword <name>"
            )
            return
        password = secrets.token_urlsafe(12)
        Member.objects.create_superuser(username=username, password=password, email="")
        self.stdout.write(
            self.style.SUCCESS(
                "\n  Admin login (shown only this once):\n"
                f"    {site.rstrip('/')}/admin/\n"
                f"    user: {username}\n    password: {password}\n"
            )
        )
