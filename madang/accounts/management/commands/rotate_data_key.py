from django.core.management.base import BaseCommand

from madang.accounts.rotation import rotate_data_key


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest MADANG_DATA_KEY (set it to 'new,old')."

    def handle(self, *args: object, **options: object) -> None:
        done = rotate_data_key()
        self.stdout.write(
            f"re-encrypted {done.pop('members')} e-mail addresses, "
            f"rehashed {done.pop('traces')} addresses"
            + "".join(f", moved {count} {name}" for name, count in done.items())
        )
