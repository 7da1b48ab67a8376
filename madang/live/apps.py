from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "madang.live"
    label = "live"
    verbose_name = "실시간 댓글"
