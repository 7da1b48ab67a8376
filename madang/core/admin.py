"""The task queue's results in the admin, with every column named in the reader's language.

django_tasks_db's own admin lists ``task_name``, a property without a label,
which Django would head "Task name" in every language; this one names it.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult


class TaskResultAdmin(DBTaskResultAdmin):
    list_display = (  # type: ignore[assignment]  # the base's eight columns, one renamed
        "task",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description=_("작업"))
    def task(self, result: DBTaskResult) -> str:
        return str(result.task_name)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
