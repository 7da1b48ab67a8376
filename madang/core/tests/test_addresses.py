"""Addresses kept in the process (core/templating.py): the same as Django's lookups, for
a site served under a path too, and made anew when the settings change."""

from __future__ import annotations

from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, reverse, set_script_prefix

from madang.core.templating import static, url


def test_a_kept_address_is_the_lookup_for_each_script_prefix():
    assert url("login") == reverse("login")
    assert url("mod-reveal", "post", 7) == reverse("mod-reveal", args=("post", 7))
    before = get_script_prefix()
    set_script_prefix("/forum/")
    try:
        assert url("login") == reverse("login") == "/forum/accounts/login/"
    finally:
        set_script_prefix(before)
    assert not url("login").startswith("/forum/")


def test_kept_static_addresses_follow_a_change_of_settings(settings):
    first = static("madang/madang.css")
    assert first == django_static("madang/madang.css")
    settings.STATIC_URL = "/assets/"
    assert static("madang/madang.css").startswith("/assets/")
