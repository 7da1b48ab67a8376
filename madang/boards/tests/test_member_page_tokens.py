"""A shared member page gets each member's CSRF token in its forms, and nowhere else."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from madang.boards import memberpages

PLACEHOLDER = memberpages.CSRF_PLACEHOLDER
FIELD = f'<input type="hidden" name="csrfmiddlewaretoken" value="{PLACEHOLDER}">'


@pytest.fixture
def baited(board, make_post, make_member):
    """A post whose writer put the placeholder where a reader's token would leak to them."""
    return make_post(
        board,
        title=f"제목 {PLACEHOLDER}",
        body=(
            f'<p><a href="https://collector.example/take?t={PLACEHOLDER}">사진 보기</a></p>'
            f"<p>본문에 쓴 {PLACEHOLDER} 글자</p>"
            f"<div>{FIELD}</div>"
        ),
        author=make_member("baiter"),
        source_url=f"https://collector.example/source?t={PLACEHOLDER}",
    )


def shared_page_of(make_member, path: str) -> tuple[str, str]:
    """A member's page from the shared render (rendered first for someone else), and their token."""
    warm = Client()
    warm.force_login(make_member("first_reader"))
    assert warm.get(path)["X-Madang-Cache"] in ("member", "member-render")
    client = Client()
    client.force_login(make_member("second_reader"))
    response = client.get(path)
    assert response["X-Madang-Cache"] == "member"
    return response.content.decode(), client.cookies["csrftoken"].value


@pytest.mark.parametrize("where", ["post", "list"])
def test_a_writer_cannot_collect_tokens_through_the_placeholder(baited, make_member, where):
    path = baited.get_absolute_url() if where == "post" else "/square/"
    html, _cookie = shared_page_of(make_member, path)
    page = BeautifulSoup(html, "html.parser")
    tokens = {field["value"] for field in page.select("input[name=csrfmiddlewaretoken]")}
    assert len(tokens) == 1 and PLACEHOLDER not in tokens
    token = tokens.pop()
    # The forms carry it; no link, no text, no title does.
    outside_forms = re.sub(
        r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">', "", html
    )
    assert token not in outside_forms
    if where == "post":
        links = [a["href"] for a in page.select("a[href*='collector.example']")]
        assert len(links) == 2 and all(link.endswith(PLACEHOLDER) for link in links)
        assert f"본문에 쓴 {PLACEHOLDER} 글자" in page.get_text()
