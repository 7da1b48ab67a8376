"""A site admin's pages in a real browser, in Korean: banned words, the audit log, and
madang's own admin (its index and a board's form with its categories and moderators)."""

from __future__ import annotations

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban, BannedWord, Reason
from madang.moderation.roles import appoint_moderator
from madang.moderation.words import add_banned_word, change_banned_word
from madang.testing import shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a quiet yard in autumn"


def test_a_site_admin_reads_their_pages_in_korean(page, live_server, board, make_member):
    admin = make_member("site_admin", is_staff=True, is_superuser=True)
    admin.set_password(PASSWORD)
    admin.save()
    appoint_moderator(actor=admin, board=board, member=make_member("square_mod"))
    word = add_banned_word(actor=admin, pattern="광고", board=None)
    change_banned_word(
        actor=admin,
        word=word,
        pattern="광고",
        is_regex=False,
        exceptions="광고지",
        board=board,
        action=BannedWord.Action.HOLD,
    )
    writer = make_member("writer")
    for kind, code, reason in [
        (Ban.Kind.SILENT, Reason.BANNED_WORD, "불법토토"),
        (Ban.Kind.VISIBLE, Reason.STAFF, ""),
    ]:
        ban_author(
            actor=None if code == Reason.BANNED_WORD else admin,
            author_ref=author_ref_for(writer.pk),
            board=None,
            kind=kind,
            reason=reason,
            reason_code=code,
            days=None,
        )

    page.goto(f"{live_server.url}/accounts/login/?next=/mod/words/")
    page.get_by_label("아이디").fill("site_admin")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.locator("h1", has_text="금칙어").wait_for()
    assert page.locator("label[for=id_board]").inner_text().startswith("게시판")
    shoot(page, "mod-words")

    page.goto(f"{live_server.url}/mod/audit/")
    log = page.locator("table.audit").inner_text()
    assert "무통보 · 금칙어: 불법토토" in log and "통보 · 관리자 판단" in log
    assert "처리: 거절 (쓴 사람에게 알림) → 검토 후 게시" in log
    for english in ("silent", "visible", "refuse", "hold", "board_id"):
        assert english not in log
    shoot(page, "mod-audit")

    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#site-name").inner_text() == "마당 관리"
    shoot(page, "admin-index")

    page.goto(f"{live_server.url}/admin/boards/board/{board.pk}/change/")
    form = page.locator("#content").inner_text()
    assert "권한" in form and "square_mod" in form and "카테고리" in form
    shoot(page, "admin-board")
