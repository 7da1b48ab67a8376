"""A copy of the database, and every page, must not tell who wrote what."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from madang.accounts.actions import record_client_trace
from madang.accounts.models import ClientTrace, Member, MemberSession
from madang.accounts.sessions import SessionStore
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.actions import reveal_author

MEMBER_TABLES_ALLOWED = {
    "accounts_member",
    "accounts_member_groups",
    "accounts_member_user_permissions",
    "accounts_membersession",
    "accounts_loginaddress",
    "accounts_loginlink",
    "django_admin_log",
}
SESSION_KEYS_ALLOWED = {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}
WRITER_ADDRESS = "203.0.113.9"


@pytest.fixture
def written(board, make_member, make_post, make_comment):
    members = []
    for index in range(4):
        member = make_member(f"writer_{index}")
        member.set_email(f"writer{index}@example.com")
        member.save()
        members.append(member)
    posts = []
    for index, member in enumerate(members):
        post = make_post(board, title=f"{index}번 회원의 글", author=member)
        posts.append(post)
        for other in members:
            make_comment(post, body="지나가다 남기는 댓글", author=other)
    for member in members:  # everyone has a session, as after a login
        client = Client()
        client.force_login(member)
        client.get("/square/1")
    return members, posts


def dump() -> dict[str, list[dict[str, object]]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            columns = [column[0] for column in cursor.description]
            tables[table] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return tables


def text_of(rows: list[dict[str, object]]) -> str:
    return " ".join(str(value) for row in rows for value in row.values())


def guesses(member: Member) -> set[str]:
    """References an attacker could compute from the dump without the key."""
    ident = str(member.pk).encode()
    found = {
        hashlib.sha256(ident).hexdigest(),
        hashlib.md5(ident).hexdigest(),  # noqa: S324 - an attacker's guess, not our hash
        hashlib.sha1(ident).hexdigest(),  # noqa: S324
        hmac.new(b"", ident, hashlib.sha256).hexdigest(),
        hmac.new(settings.SECRET_KEY.encode(), ident, hashlib.sha256).hexdigest(),
        hmac.new(member.password.encode(), ident, hashlib.sha256).hexdigest(),
        hashlib.sha256(member.username.encode()).hexdigest(),
    }
    if member.email_index:
        found.add(member.email_index)
    return found


def test_a_database_dump_cannot_link_writing_to_members(written):
    members, posts = written
    # One logs in through the form, from the address they write from: the login
    # address is kept with the member, the writing's trace with the writing.
    members[0].set_password("a quiet yard in autumn")
    members[0].save()
    Client().post(
        "/accounts/login/",
        {"username": members[0].username, "password": "a quiet yard in autumn"},
        REMOTE_ADDR=WRITER_ADDRESS,
    )
    record_client_trace(kind=ClientTrace.Kind.POST, object_id=posts[0].pk, address=WRITER_ADDRESS)
    tables = dump()
    # 1. Posts and comments hold no member column at all.
    for table in ("boards_post", "comments_comment"):
        columns = set(tables[table][0])
        assert not {"author_id", "member_id", "user_id", "created_by_id"} & columns
    # 2. Their author references are not any keyless function of a member.
    refs = {row["author_ref"] for row in tables["boards_post"] + tables["comments_comment"]}
    for member in members:
        assert not guesses(member) & refs
    # 3. Tables that know members know nothing of writing, and the reverse.
    writing_words = set(refs) | {post.title for post in posts}
    for table, rows in tables.items():
        holds_members = (
            any(name in {"member_id", "user_id", "actor_id"} for row in rows[:1] for name in row)
            or table == "accounts_member"
        )
        if holds_members:
            assert table in MEMBER_TABLES_ALLOWED | {"moderation_auditevent"}, table
            blob = text_of(rows)
            assert not any(word in blob for word in writing_words), table
    # 4. Sessions carry nothing about writing either, once decoded.
    for row in tables["accounts_membersession"]:
        decoded = json.dumps(SessionStore().decode(row["session_data"]))
        assert set(json.loads(decoded)) <= SESSION_KEYS_ALLOWED, decoded
        assert not any(ref in decoded for ref in refs)
    # 5. No plain e-mail address anywhere.
    everything = text_of([r for rows in tables.values() for r in rows])
    for member in members:
        assert member.email_address not in everything
    # 6. The address a member logs in from cannot be joined with the traces of writing.
    [login_address] = tables["accounts_loginaddress"]
    traced = text_of(tables["accounts_clienttrace"])
    assert login_address["digest"] not in traced
    assert WRITER_ADDRESS not in text_of(tables["accounts_loginaddress"])
    # 7. The key that makes the references is not in the dump.
    assert settings.MADANG_PSEUDONYM_KEY not in everything
    for key in settings.MADANG_DATA_KEYS:
        assert key not in everything


def test_only_the_key_links_a_post_to_its_member(written):
    members, posts = written
    from madang.accounts.pseudonym import author_ref_for

    assert [author_ref_for(m.pk) for m in members] == [p.author_ref for p in posts]


def test_a_reveal_leaves_no_link_in_the_audit_log(written, make_member):
    members, posts = written
    admin = make_member("site_admin", is_staff=True, is_superuser=True)
    assert reveal_author(actor=admin, target=posts[2], reason="신고 12번 확인") == members[2]
    audit = text_of(dump()["moderation_auditevent"])
    assert members[2].username not in audit
    assert str(members[2].email_address) not in audit


def pages_for(posts: list[Post]) -> list[str]:
    urls = ["/", "/square/", "/square/?page=1", "/healthz", "/nowhere/", "/square/999"]
    for post in posts:
        urls.append(post.get_absolute_url())
        urls.append(post.get_absolute_url() + "/comments?after=0")
        first = Comment.objects.filter(post=post).order_by("-id").first()
        urls.append(post.get_absolute_url() + f"/comments?before={first.pk}")
    return urls


@pytest.mark.parametrize("reader", ["guest", "member", "writer"])
def test_no_page_shows_who_wrote_what(written, make_member, reader, caplog):
    members, posts = written
    client = Client()
    if reader == "member":
        client.force_login(make_member("just_reading"))
    elif reader == "writer":
        client.force_login(members[0])
    secrets = set()
    for member in members:
        secrets |= {member.username, member.email_address, member.email_index or "-"}
    secrets |= {post.author_ref for post in posts}
    secrets |= set(Comment.objects.values_list("author_ref", flat=True))
    with caplog.at_level(logging.INFO):
        for url in pages_for(posts):
            response = client.get(url)
            body = response.content.decode()
            headers = " ".join(f"{k}: {v}" for k, v in response.items())
            for secret in secrets:
                assert secret not in body, (url, secret)
                assert secret not in headers, (url, secret)
            assert "data-member" not in body and "data-user" not in body
    for record in caplog.records:
        for secret in secrets:
            assert secret not in record.getMessage()


def test_every_author_shows_under_one_name(written, client):
    _, posts = written
    page = client.get(posts[0].get_absolute_url()).content.decode()
    assert page.count(settings.MADANG_ANONYMOUS_NAME) >= 4
    assert Post.objects.count() == 4
    assert MemberSession.objects.count() == 4
