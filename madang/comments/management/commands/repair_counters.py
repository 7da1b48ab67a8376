from django.core.management.base import BaseCommand

from madang.comments.counters import repair_all_counters


class Command(BaseCommand):
    help = "Recount posts, best posts, votes and comments; lay the page anchors anew."

    def handle(self, *args: object, **options: object) -> None:
        boards = repair_all_counters()
        self.stdout.write(self.style.SUCCESS(f"counters repaired on {boards} boards"))
