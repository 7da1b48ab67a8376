from django.apps import AppConfig


class BoardsConfig(AppConfig):
    name = "madang.boards"
    label = "boards"
    verbose_name = "게시판"
