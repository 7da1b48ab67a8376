"""The site's own error pages in a real browser: a missing page and a search past its limit."""

from __future__ import annotations

import pytest

from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_meets_the_sites_own_404_and_429(page, live_server, board, make_post, settings):
    make_post(board, title="라인 스티커")
    response = page.goto(f"{live_server.url}/no-such-board/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "페이지를 찾을 수 없습니다"
    shoot(page, "error-404")
    settings.MADANG_SEARCH_GUEST_LIMIT = 1
    assert page.goto(f"{live_server.url}/search?q=라인").status == 200
    response = page.goto(f"{live_server.url}/search?q=스티커")
    assert response.status == 429
    assert page.locator("h1").inner_text() == "잠시 쉬었다가 다시 해 주세요"
    page.get_by_role("link", name="게시판 목록으로").click()
    page.wait_for_url(f"{live_server.url}/")
    page.go_back()
    shoot(page, "error-429")
