"""Lighthouse's accessibility category scores 100 on a post page (the richest of the
pages: the post, its comments and forms, the list under it). docs/accessibility.md has
the command and the figures for the list page too."""

from __future__ import annotations

import pytest

from madang.conftest import CHROMIUM
from madang.core.tests.checkers import lighthouse_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.checkers, pytest.mark.django_db(transaction=True)]


def test_lighthouse_accessibility_is_100_on_a_post_page(live_server, site, tmp_path):
    _role, path = site.pages["post-guest"]
    result = lighthouse_accessibility(f"{live_server.url}{path}", CHROMIUM, tmp_path / "lh.json")
    assert result == {"score": 1, "failed": []}
