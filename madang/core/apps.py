from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"
    verbose_name = _("마당")

    def ready(self) -> None:
        from madang.core import queue, scheduler

        # Finished tasks are kept a few days (to look into a failure), then deleted.
        scheduler.register("prune-task-results", timedelta(days=1), queue.prune_results)
