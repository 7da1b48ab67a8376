from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "madang.accounts"
    label = "accounts"
    verbose_name = "회원"
