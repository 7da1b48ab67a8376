from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from madang.accounts.rotation import rotate_pseudonym_key


class Command(BaseCommand):
    help = (
        "Move author references from an old MADANG_PSEUDONYM_KEY to the current one. "
        "Start the site with the new key first; then destroy the old key."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--old-key-file", required=True, help="file holding the old key")

    def handle(self, *args: object, **options: Any) -> None:
        try:
            old_key = Path(options["old_key_file"]).read_text().strip()
        except OSError as error:
            raise CommandError(f"cannot read the old key: {error}") from error
        if not old_key:
            raise CommandError("the old key file is empty")
        moved = rotate_pseudonym_key(old_key)
        self.stdout.write("moved " + " and ".join(f"{rows} {name}" for name, rows in moved.items()))
