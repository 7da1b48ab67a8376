"""Reasons the site words itself are kept as codes and read in the reader's language."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from madang.accounts.pseudonym import author_ref_for
from madang.moderation.bans import ban_author
from madang.moderation.models import AuditEvent, Ban, BannedWord, Reason
from madang.moderation.words import add_banned_word, change_banned_word, words_changed

ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


def reasons(client, **headers: str) -> list[str]:
    page = BeautifulSoup(client.get("/mod/audit/", headers=headers).content.decode(), "html.parser")
    return [row.select("td")[-1].get_text() for row in page.select("table.audit tbody tr")]


def test_a_ban_for_a_banned_word_is_a_code_worded_for_each_reader(client, admin, board, member):
    BannedWord.objects.create(pattern="불법토토", action=BannedWord.Action.SILENT_BAN)
    words_changed()
    client.force_login(member)
    category = board.categories.first()
    client.post("/square/write", {"title": "불법토토 안내", "body": "", "category": category.pk})
    ban = Ban.objects.get()
    assert (ban.reason_code, ban.reason) == (Reason.BANNED_WORD, "불법토토")
    event = AuditEvent.objects.get()
    assert (event.reason_code, event.reason, event.details) == (
        "banned_word",
        "불법토토",
        {"ban_kind": "silent"},
    )
    client.force_login(admin)
    assert reasons(client) == ["무통보 · 금칙어: 불법토토"]
    assert reasons(client, **ENGLISH) == ["Silent · Banned word: 불법토토"]


def test_a_ban_without_a_typed_reason_reads_as_the_moderators_decision(
    client, admin, board, member
):
    ban = ban_author(
        actor=admin,
        author_ref=author_ref_for(member.pk),
        board=board,
        kind=Ban.Kind.VISIBLE,
        reason="",
        reason_code=Reason.STAFF,
        days=3,
    )
    client.force_login(admin)
    assert reasons(client) == ["통보 · 관리자 판단"]
    assert reasons(client, **ENGLISH) == ["Notified · Moderator's decision"]
    bans = client.get("/mod/bans/", headers=ENGLISH).content.decode()
    assert "Moderator's decision" in BeautifulSoup(bans, "html.parser").get_text()
    with translation.override("ko"):
        assert ban.reason_display() == "관리자 판단"
    for admin_page in ("/admin/moderation/auditevent/", "/admin/moderation/ban/"):
        page = BeautifulSoup(client.get(admin_page).content.decode(), "html.parser")
        reasons_shown = [cell.get_text() for cell in page.select("td.field-shown")]
        assert reasons_shown in (["통보 · 관리자 판단"], ["관리자 판단"]), admin_page


def test_banned_word_records_name_their_handling_and_changes_in_words(client, admin, board):
    word = add_banned_word(actor=admin, pattern="광고", board=None)
    change_banned_word(
        actor=admin,
        word=word,
        pattern="광고",
        is_regex=True,
        exceptions="",
        board=board,
        action=BannedWord.Action.HOLD,
    )
    client.force_login(admin)
    korean = reasons(client)
    assert korean == [
        "정규식: 아니요 → 예 · 게시판: 모든 게시판 → square"
        " · 처리: 거절 (쓴 사람에게 알림) → 검토 후 게시",
        "처리: 거절 (쓴 사람에게 알림)",
    ]
    english = reasons(client, **ENGLISH)
    assert english == [
        "Regular expression: No → Yes · Board: All boards → square"
        " · Action: Refuse (tell the writer) → Hold for review",
        "Action: Refuse (tell the writer)",
    ]
    for text in korean:
        assert "refuse" not in text and "silent" not in text and "board_id" not in text


BEFORE = [("moderation", "0006_audit_events_for_blinding")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_records_and_bans_written_as_text_become_codes_and_stay_append_only(
    board, make_post, make_comment
):
    post = make_post(board)
    comment = make_comment(post)
    written = [
        ("ban", "author", "silent: 금칙어: 불법토토", f"comment {comment.pk}"),
        ("end_ban", "ban", "visible: 관리자 판단", "square"),
        ("lift_ban", "ban", "Banned word: 토토", "*"),
        ("banned_word", "banned_word", "refuse", "+ 광고"),
        ("banned_word", "banned_word", f"is_regex: False → True; board_id: * → {board.pk}", "~ 광"),
        ("hide", "comment", "도배", f"comment {comment.pk} on /square/{post.number}"),
        ("hide", "post", "silent: 이건 사람이 적은 말", "/square/1 제목"),
    ]
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        for action, target_type, reason, label in written:
            old.get_model("moderation", "AuditEvent").objects.create(
                actor_id=1,
                actor_name="admin",
                action=action,
                target_type=target_type,
                target_id=1,
                target_label=label,
                reason=reason,
            )
        old.get_model("moderation", "Ban").objects.create(
            author_ref="x" * 64, kind="silent", reason="금칙어: 불법토토"
        )
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    events = AuditEvent.objects.order_by("id")
    with translation.override("ko"):
        shown = [(event.target_label, event.reason_display()) for event in events]
    assert shown == [
        (f"/square/{post.number}#c{comment.pk}", "무통보 · 금칙어: 불법토토"),
        ("square", "통보 · 관리자 판단"),
        ("*", "금칙어: 토토"),
        ("+ 광고", "처리: 거절 (쓴 사람에게 알림)"),
        ("~ 광", "정규식: 아니요 → 예 · 게시판: 모든 게시판 → square"),
        (f"/square/{post.number}#c{comment.pk}", "도배"),
        ("/square/1 제목", "silent: 이건 사람이 적은 말"),  # typed words stay as typed
    ]
    ban = Ban.objects.get()
    assert (ban.reason_code, ban.reason) == ("banned_word", "불법토토")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE moderation_auditevent SET reason = 'changed'")
