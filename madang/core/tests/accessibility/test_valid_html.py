"""The pages as served are valid HTML: the W3C Nu HTML checker (vnu.jar) finds no error
in the list, post, writing, login, sign-up, /me/ and /mod/ pages (docs/accessibility.md)."""

from __future__ import annotations

import pytest
from django.test import Client

from madang.core.tests.checkers import nu_errors

pytestmark = [pytest.mark.checkers, pytest.mark.django_db]


def test_every_checked_page_is_valid_html(site, tmp_path):
    files = []
    # Each page in Korean; the list and the post in English too, with lang="ko" inside.
    english = [(f"{name}-en", site.pages[name], "en") for name in ("list", "post-member")]
    korean = [(name, page, "ko") for name, page in site.pages.items()]
    for name, (role, path), language in korean + english:
        client = Client(headers={"Accept-Language": language})
        member = site.member(role)
        if member is not None:
            client.force_login(member)
        response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(response.content)
    assert b'lang="ko"' in files[-1].read_bytes()
    errors = nu_errors(files)
    assert errors == [], "\n".join(
        f"{error['file']}:{error['line']}: {error['message']}  [{error['extract']}]"
        for error in errors
    )
