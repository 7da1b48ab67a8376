from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "madang.notifications"
    label = "notifications"
    verbose_name = "알림"
