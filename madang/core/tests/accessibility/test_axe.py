"""axe-core finds no serious or critical violation (WCAG 2.2 A and AA, and axe's best
practices, colour contrast among them) on the list, post, writing, login, sign-up, /me/
and /mod/ pages, in light and in dark mode (docs/accessibility.md). The list and the
post are shot at phone and desktop widths in both modes, to look at."""

from __future__ import annotations

import pytest

from madang.core.tests.accessibility.conftest import session_cookie
from madang.core.tests.checkers import axe_violations
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.checkers, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_violation_on_the_main_pages(browser, live_server, site, scheme):
    contexts = {}
    found = {}
    try:
        for name, (role, path) in site.pages.items():
            if role not in contexts:
                contexts[role] = browser.new_context(
                    locale="ko-KR",
                    viewport={"width": 1280, "height": 900},
                    color_scheme=scheme,
                    bypass_csp=True,  # axe is injected: a script the site does not serve
                )
                member = site.member(role)
                if member is not None:
                    contexts[role].add_cookies([session_cookie(member, live_server.url)])
            page = contexts[role].new_page()
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("load")
            if name == "write":
                page.locator("trix-editor").wait_for()
            violations = axe_violations(page)
            if violations:
                found[name] = violations
            if name in ("list", "post-member"):
                shoot(page, f"accessibility-{name}-{scheme}")
                page.set_viewport_size({"width": 360, "height": 780})
                violations = axe_violations(page)  # the phone's layout has colours of its own
                if violations:
                    found[f"{name} (phone)"] = violations
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    assert found == {}, "\n".join(
        f"{name}: {violation['rule']} ({violation['impact']}) {violation['help']}: "
        + "; ".join(f"{node['target']} {node['summary']}" for node in violation["nodes"])
        for name, violations in found.items()
        for violation in violations
    )
