from django.urls import path

from madang.moderation import role_views, views
from madang.news import views as news_views

mod_urls = [
    path("", views.desk, name="mod"),
    path("act", views.act, name="mod-act"),
    path("bans/", views.bans, name="mod-bans"),
    path("bans/<int:pk>/lift", views.lift, name="mod-lift"),
    path("duplicates/", news_views.duplicates, name="mod-duplicates"),
    path("words/", views.words, name="mod-words"),
    path("words/<int:pk>/remove", views.remove_word, name="mod-word-remove"),
    path("audit/", views.audit_log, name="mod-audit"),
    path("moderators/", role_views.moderators, name="mod-moderators"),
    path("moderators/<int:pk>/remove", role_views.remove, name="mod-moderator-remove"),
    path("reveal/<str:kind>/<int:pk>/", views.reveal, name="mod-reveal"),
]
