from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "madang.news"
    label = "news"
    verbose_name = "뉴스 링크"
