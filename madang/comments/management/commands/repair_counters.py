from django.core.management.base import BaseCommand

from madang.comments.counters import repair_all_counters


class Command(BaseCommand):
    help = (
        "Recount posts, best posts, votes and comments; lay the page anchors anew; "
        "recount the counters of the apps above (unread notifications)."
    )

    def handle(self, *args: object, **options: object) -> None:
        repaired = repair_all_counters()
        boards = repaired.pop("boards")
        wrong = "".join(f"; {count} {name} were wrong" for name, count in repaired.items())
        self.stdout.write(self.style.SUCCESS(f"counters repaired on {boards} boards{wrong}"))
