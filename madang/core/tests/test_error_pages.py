"""The site's own error pages: Korean (English when asked), with a way back."""

from __future__ import annotations

from bs4 import BeautifulSoup


def test_a_page_the_member_may_not_see_is_the_sites_own_403(client, member):
    client.force_login(member)
    response = client.get("/mod/")
    assert response.status_code == 403
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "볼 수 없는 페이지입니다"
    assert page.select_one(".error-page a.button")["href"] == "/"
    assert page.select_one("header") is not None  # the site's frame, not a bare "Forbidden"
    english = client.get("/mod/", headers={"Accept-Language": "en"})
    heading = BeautifulSoup(english.content.decode(), "html.parser").select_one("h1")
    assert heading.get_text(strip=True) == "You cannot see this page"
