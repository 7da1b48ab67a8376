from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    name = "madang.accounts"
    label = "accounts"
    verbose_name = pgettext_lazy("plural", "회원")

    def ready(self) -> None:
        from django.contrib.auth.models import update_last_login
        from django.contrib.auth.signals import user_logged_in

        from madang.accounts.signals import note_login_day

        # Login times are kept to the day (see madang.accounts.actions.day_of).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(note_login_day, dispatch_uid="madang_note_login_day")

        from django.db.models.signals import post_delete, post_save

        from madang.accounts.backends import forget_member
        from madang.accounts.models import Member

        # The cached member (backends.MemberBackend) goes with every change of the row.
        def forget(instance: Member, **kwargs: object) -> None:
            forget_member(instance.pk)

        post_save.connect(forget, sender=Member, weak=False, dispatch_uid="member-cache-save")
        post_delete.connect(forget, sender=Member, weak=False, dispatch_uid="member-cache-delete")

        from datetime import timedelta

        from madang.accounts.actions import purge_client_addresses
        from madang.accounts.sessions import SessionStore
        from madang.accounts.throttle import purge_expired
        from madang.core import scheduler

        # Raw client addresses must be gone within 48 hours: hourly keeps them under 49.
        scheduler.register("purge-client-addresses", timedelta(hours=1), purge_client_addresses)
        scheduler.register("purge-throttle-counters", timedelta(hours=1), purge_expired)
        scheduler.register("clear-expired-sessions", timedelta(hours=6), SessionStore.clear_expired)
