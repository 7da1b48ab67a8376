from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "madang.moderation"
    label = "moderation"
    verbose_name = "관리"
