from django.urls import path

from madang.moderation import views

mod_urls = [
    path("", views.desk, name="mod"),
    path("audit/", views.audit_log, name="mod-audit"),
    path("reveal/<str:kind>/<int:pk>/", views.reveal, name="mod-reveal"),
]
