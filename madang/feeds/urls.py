"""The feeds' addresses, under /feeds/ (the slug ``feeds`` is reserved for them)."""

from django.urls import path, re_path

from madang.boards.slugs import SLUG_PATTERN
from madang.feeds import views

feed_urls = [
    path("hot.atom", views.hot_feed, name="hot-feed"),  # "hot" is no board's slug
    re_path(rf"^(?P<board_slug>{SLUG_PATTERN})\.atom\Z", views.board_feed, name="feed"),
]
