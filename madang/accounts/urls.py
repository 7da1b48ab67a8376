from django.urls import path

from madang.accounts import login_views, me_views, reset_views, views
from madang.api import views as api_views
from madang.notifications import views as notification_views

account_urls = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup-sent"),
    path("signup/confirm/<str:token>/", views.signup_confirm, name="signup-confirm"),
    path("login/", login_views.LoginView.as_view(), name="login"),
    path("login/link/<str:token>/", login_views.login_with_link, name="login-link"),
    path("logout/", login_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", reset_views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password/reset/sent/",
        reset_views.PasswordResetDoneView.as_view(),
        name="password-reset-done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        reset_views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password/reset/complete/",
        reset_views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]

me_urls = [
    path("", me_views.me_home, name="me"),
    path("posts/", me_views.my_posts, name="me-posts"),
    path("comments/", me_views.my_comments, name="me-comments"),
    path("scraps/", me_views.my_scraps, name="me-scraps"),
    path("notifications/", notification_views.notifications, name="me-notifications"),
    path(
        "notifications/<int:notification_id>/",
        notification_views.open_notification,
        name="me-notification",
    ),
    path("notifications/read/", notification_views.read_all, name="me-notifications-read"),
    path("notifications/kinds/", notification_views.choose_kinds, name="me-notification-kinds"),
    path("settings/", me_views.my_settings, name="me-settings"),
    path("tokens/", api_views.my_tokens, name="me-tokens"),
    path("export.json", me_views.export_my_data, name="me-export"),
    path("delete/", me_views.delete_account, name="me-delete"),
]
