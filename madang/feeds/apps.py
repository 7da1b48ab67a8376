from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "madang.feeds"
    label = "feeds"
    verbose_name = "피드"
