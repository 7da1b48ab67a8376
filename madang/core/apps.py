from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"
    verbose_name = "마당"
