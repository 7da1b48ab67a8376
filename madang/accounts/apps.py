from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "madang.accounts"
    label = "accounts"
    verbose_name = "회원"

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from madang.accounts.signals import note_login_day

        # Login times are kept to the day (see madang.accounts.actions.day_of).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(note_login_day, dispatch_uid="madang_note_login_day")
