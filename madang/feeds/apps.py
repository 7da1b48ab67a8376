from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "madang.feeds"
    label = "feeds"
    verbose_name = _("피드")
