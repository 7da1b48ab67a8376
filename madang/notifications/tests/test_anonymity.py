"""Notifications point at writing, never at a person: the rows and the pages name nobody
but what the database already ties to the writing."""

from __future__ import annotations

import pytest
from django.db import connection

from madang.accounts.pseudonym import author_ref_for
from madang.comments.actions import create_comment
from madang.comments.models import Comment
from madang.moderation import actions as moderation
from madang.notifications.actions import set_kinds_wanted
from madang.notifications.models import Kind, Notification, TurnedOff
from madang.notifications.tests.conftest import client_of

NOTIFICATION_COLUMNS = {
    "id",
    "recipient_ref",
    "kind",
    "action",
    "post_id",
    "comment_id",
    "created_at",
    "read_at",
}


@pytest.fixture
def people(make_member, writer, commenter, moderator):
    for index, member in enumerate((writer, commenter, moderator)):
        member.set_email(f"person{index}@example.com")
        member.save()
    replier = make_member("replier")
    replier.set_email("replier@example.com")
    replier.save()
    return {"writer": writer, "commenter": commenter, "moderator": moderator, "replier": replier}


@pytest.fixture
def happened(people, post):
    """A comment, a reply, an action on a post and one on a comment; a kind turned off."""
    parent = create_comment(post=post, author=people["commenter"], body="손님의 댓글")
    reply = create_comment(post=post, author=people["replier"], body="또 다른 손님", parent=parent)
    moderation.blind(actor=people["moderator"], target=post, reason="확인")
    moderation.hide(actor=people["moderator"], target=parent, reason="광고")
    set_kinds_wanted(member=people["writer"], wanted=[Kind.COMMENT, Kind.MODERATION])
    return parent, reply


def table(model) -> list[dict[str, object]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608 - a model's table
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_the_rows_hold_no_member_and_no_one_who_caused_them(people, post, happened):
    parent, _reply = happened
    rows = table(Notification)
    assert rows and set(rows[0]) == NOTIFICATION_COLUMNS
    assert set(table(TurnedOff)[0]) == {"id", "recipient_ref", "kind"}
    # Each recipient is the reference the database already gives the writing it is about.
    writing_refs = {post.author_ref} | set(Comment.objects.values_list("author_ref", flat=True))
    comment_refs: dict[object, str] = dict(Comment.objects.values_list("pk", "author_ref"))
    for row in rows:
        about = {
            "comment": post.author_ref,
            "reply": parent.author_ref,
            "moderation": comment_refs.get(row["comment_id"], post.author_ref),
        }[str(row["kind"])]
        assert row["recipient_ref"] == about
    # Nothing names who commented, replied or moderated, beyond their own writing's rows.
    blob = " ".join(str(value) for row in rows + table(TurnedOff) for value in row.values())
    for member in people.values():
        assert member.username not in blob
        assert member.email_address not in blob
    assert author_ref_for(people["moderator"].pk) not in blob
    assert author_ref_for(people["replier"].pk) not in blob  # replied, was never told
    assert {row["recipient_ref"] for row in rows} <= writing_refs


@pytest.mark.parametrize("reader", ["writer", "commenter"])
def test_the_pages_name_nobody(people, post, happened, reader):
    client = client_of(people[reader])
    pages = [client.get(path).content for path in ("/me/notifications/", "/me/", "/square/")]
    secrets = {author_ref_for(member.pk) for member in people.values()}
    secrets |= {ref[:12] for ref in secrets}
    for member in people.values():
        secrets |= {member.username, member.email_address}
    for page in pages:
        assert b"notification" in page or b"nav-bell" in page
        for secret in secrets:
            assert secret.encode() not in page, secret
