"""Encryption at rest, blind indexes, and rotating the keys that live outside the database."""

from __future__ import annotations

import io

from django.core.management import call_command

from madang.accounts import crypto
from madang.accounts.models import ClientTrace, Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.media.models import Media


def test_email_round_trip_and_index(settings):
    token = crypto.encrypt_email(" Fan@Example.com ")
    assert "example" not in token
    assert crypto.decrypt_email(token) == "fan@example.com"
    assert crypto.email_index("FAN@example.com") == crypto.email_index("fan@example.com")
    assert crypto.encrypt_email("a@example.com") != crypto.encrypt_email(
        "a@example.com"
    )  # random IV


def test_a_different_key_reads_nothing(settings):
    token = crypto.encrypt_email("fan@example.com")
    index = crypto.email_index("fan@example.com")
    settings.MADANG_DATA_KEYS = ["another key entirely"]
    assert crypto.decrypt_email(token) == ""
    assert crypto.email_index("fan@example.com") != index


def test_rotating_the_data_key(settings, make_member):
    member = make_member()
    member.set_email("fan@example.com")
    member.save()
    ClientTrace.objects.create(kind="post", object_id=1, address="203.0.113.9", address_hash="x")
    old = settings.MADANG_DATA_KEYS[0]
    settings.MADANG_DATA_KEYS = ["the new key", old]
    call_command("rotate_data_key", stdout=io.StringIO())
    settings.MADANG_DATA_KEYS = ["the new key"]  # the old key is gone now
    member.refresh_from_db()
    assert member.email_address == "fan@example.com"
    assert Member.objects.get_by_email("fan@example.com") == member
    assert ClientTrace.objects.get().address_hash == crypto.address_hash("203.0.113.9")


def test_rotating_the_pseudonym_key(
    settings, tmp_path, board, make_member, make_post, make_comment
):
    writer, other = make_member(), make_member()
    post = make_post(board, author=writer)
    comment = make_comment(post, author=other)
    upload = Media.objects.create(
        key="k" * 22,
        author_ref=author_ref_for(writer.pk),
        kind=Media.Kind.IMAGE,
        source_format="png",
        source_bytes=1,
        width=1,
        height=1,
    )
    old_key = settings.MADANG_PSEUDONYM_KEY
    key_file = tmp_path / "old_key"
    key_file.write_text(old_key)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    out = io.StringIO()
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=out)
    assert "1 posts" in out.getvalue() and "1 comments" in out.getvalue()
    assert "1 media" in out.getvalue()  # an upload's writer is named the same way
    upload.refresh_from_db()
    assert upload.author_ref == author_ref_for(writer.pk)
    assert Post.objects.get().author_ref == author_ref_for(writer.pk)
    assert Comment.objects.get(pk=comment.pk).author_ref == author_ref_for(other.pk)
    again = io.StringIO()
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=again)
    assert (
        "moved 0 media and 0 posts and 0 drafts and 0 comments" in again.getvalue()
    )  # safe to run twice


def test_a_ban_still_holds_its_writer_after_the_pseudonym_key_is_rotated(
    settings, tmp_path, board, make_member
):
    from madang.moderation.bans import ban_author, ban_state_of
    from madang.moderation.models import Ban

    banned = make_member("banned")
    ban_author(
        actor=None,
        author_ref=author_ref_for(banned.pk),
        board=None,
        kind=Ban.Kind.VISIBLE,
        reason="도배",
        days=None,
    )
    key_file = tmp_path / "old_key"
    key_file.write_text(settings.MADANG_PSEUDONYM_KEY)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=io.StringIO())
    assert ban_state_of(banned, board).visible is not None


def test_a_draft_stays_its_writers_after_the_pseudonym_key_is_rotated(
    settings, tmp_path, board, make_member
):
    from madang.boards.drafts import draft_for, save_draft

    writer = make_member("drafter")
    save_draft(
        member=writer,
        board=board,
        post=None,
        title="쓰다 만 글",
        body="",
        category=None,
        source_url="",
    )
    key_file = tmp_path / "old_key"
    key_file.write_text(settings.MADANG_PSEUDONYM_KEY)
    settings.MADANG_PSEUDONYM_KEY = "a brand new pseudonym key"
    call_command("rotate_pseudonym_key", "--old-key-file", str(key_file), stdout=io.StringIO())
    assert draft_for(member=writer, board=board, post=None).title == "쓰다 만 글"
