from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site as a whole: commands that write through every app (``madang demo``,
    ``madang bench``). It stands above the domain apps and nothing imports it."""

    name = "madang.site"
    label = "site"
    verbose_name = "사이트"
