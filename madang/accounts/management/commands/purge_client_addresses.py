from django.core.management.base import BaseCommand

from madang.accounts.actions import purge_client_addresses


class Command(BaseCommand):
    help = "Forget raw client addresses older than 48 hours (the worker runs this hourly)."

    def handle(self, *args: object, **options: object) -> None:
        count = purge_client_addresses()
        self.stdout.write(f"raw addresses forgotten: {count}")
