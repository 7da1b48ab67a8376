"""The docs page: Swagger UI from this site's own files, under the site's own policy
(a violation of it shows as a console error in the browser test)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from madang.testing import shoot


def test_the_docs_page_loads_only_this_sites_files(db):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert all(source.startswith("/") for source in sources), sources
    assert '"validatorUrl": null' in html  # no badge fetched from elsewhere
    # The site's own policy, with no allowance of its own.
    assert response["Content-Security-Policy"] == Client().get("/")["Content-Security-Policy"]


def test_the_schema_is_openapi_3_1(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/boards/{slug}/posts" in schema["paths"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_docs_page_runs_in_a_browser_without_leaving_the_site(live_server, page, board):
    requested: list[str] = []
    problems: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    def console(message) -> None:
        if message.type == "error":  # a policy violation is one
            problems.append(message.text)

    page.on("console", console)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/boards/{slug}/posts" in path for path in paths)
    # Try one: the request goes to this site and its answer shows.
    page.locator("#operations-boards-list_boards .opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    status = page.locator(
        "#operations-boards-list_boards .live-responses-table tbody .response-col_status"
    )
    status.first.wait_for(timeout=15_000)
    assert status.first.inner_text().strip() == "200"
    assert (
        "스퀘어"
        in page.locator("#operations-boards-list_boards .live-responses-table").inner_text()
    )
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested)
    assert problems == []
    shoot(page, "api-docs")
