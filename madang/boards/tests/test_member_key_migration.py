"""Scraps, read notices and filters written before member keys get them, and lose the ids."""

from __future__ import annotations

import struct

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from madang.accounts.memberkeys import member_key
from madang.boards.actions import pin_notice
from madang.boards.models import NoticeRead, ReadingPreferences, Scrap
from madang.boards.notices import read_notice_ids
from madang.boards.preferences import filters_for
from madang.boards.scraps import has_scrapped

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("boards", "0006_post_submission_key")]
TABLES = ("boards_scrap", "boards_noticeread", "boards_readingpreferences")
MEMBER_ID = 913_572_468  # eight bytes no other column of these rows holds


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def files_of(tables: tuple[str, ...]) -> bytes:
    """The tables' files as the server wrote them (PostgreSQL, as a superuser)."""
    found = b""
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
        for table in tables:
            cursor.execute("SELECT pg_relation_filepath(%s)", [table])
            path = cursor.fetchone()[0]
            cursor.execute(
                "SELECT pg_read_binary_file(%s, 0, size, true) FROM pg_stat_file(%s, true)",
                [path, path],
            )
            found += bytes(cursor.fetchone()[0] or b"")
    return found


def test_rows_written_with_member_ids_move_to_member_keys(
    board, make_post, make_member, notice_kind
):
    member = make_member("reader", id=MEMBER_ID)
    post = make_post(board)
    notice = pin_notice(post=post, kind=notice_kind, board=board)
    category = board.categories.first()
    try:
        old = migrate(BEFORE).loader.project_state(BEFORE).apps
        old.get_model("boards", "Scrap").objects.create(member_id=member.pk, post_id=post.pk)
        old.get_model("boards", "NoticeRead").objects.create(
            member_id=member.pk, notice_id=notice.pk
        )
        prefs = old.get_model("boards", "ReadingPreferences").objects.create(
            member_id=member.pk, muted_words="광고"
        )
        prefs.excluded_categories.set([category.pk])
        on_postgresql = connection.vendor == "postgresql"
        if on_postgresql:
            assert struct.pack("<q", MEMBER_ID) in files_of(TABLES)  # the test can see it
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    key = member_key(member.pk)
    for model in (Scrap, NoticeRead, ReadingPreferences):
        assert [row.member_key for row in model.objects.all()] == [key]
    assert has_scrapped(member, post)
    assert read_notice_ids(member, [notice]) == {notice.pk}
    assert filters_for(member).muted_words == ("광고",)
    assert filters_for(member).excluded_category_ids == {category.pk}
    if on_postgresql:  # the dropped column and the old row versions are gone from the files
        assert struct.pack("<q", MEMBER_ID) not in files_of(TABLES)
