"""The admin under the site's own name, in the reader's language.

Django's admin calls itself "Django administration" (in Korean, "Django 관리");
madang's says the site's name (``MADANG_SITE_NAME``), read when a page is
drawn rather than at import. Installed in place of ``django.contrib.admin`` by
its ``AdminConfig`` (settings.INSTALLED_APPS), so ``admin.site`` is this site and
every app's ``@admin.register`` lands here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class MadangAdminSite(admin.AdminSite):
    index_title = _("게시판과 회원, 사이트 설정")

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        name = gettext("%(site)s 관리") % {"site": settings.MADANG_SITE_NAME}
        context.update(site_header=name, site_title=name)
        return context


class AdminConfig(DjangoAdminConfig):
    default_site = "madang.core.admin_site.MadangAdminSite"


class TaskResultsConfig(TasksAppConfig):
    """The database task queue's app (django_tasks_db), under a name in the reader's
    language; its models' and fields' names are translated by the Korean catalog of
    library words (locale/ko)."""

    verbose_name = _("작업 큐")  # type: ignore[assignment]  # a str in the library
