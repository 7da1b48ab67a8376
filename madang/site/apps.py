from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The site as a whole: commands that write through every app (``madang demo``,
    ``madang bench``). It stands above the domain apps and nothing imports it."""

    name = "madang.site"
    label = "site"
    verbose_name = _("사이트")
