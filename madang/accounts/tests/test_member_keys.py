"""Rows of one member's reading name them by a member key, which follows the data key."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from madang.accounts import memberkeys
from madang.accounts.pseudonym import author_ref_for
from madang.boards.actions import pin_notice
from madang.boards.models import NoticeRead, ReadingPreferences, Scrap, Vote
from madang.boards.notices import mark_notices_read, read_notice_ids
from madang.boards.preferences import filters_for, save_preferences
from madang.boards.scraps import has_scrapped, scraps_of, toggle_scrap
from madang.boards.votes import UP, cast_vote, vote_of


@pytest.fixture
def reading(board, make_post, make_member, notice_kind):
    member = make_member("reader")
    post = make_post(board)
    notice = pin_notice(post=post, kind=notice_kind, board=board)
    toggle_scrap(member=member, post=post)
    cast_vote(member=member, post=post, value=UP)
    mark_notices_read(member=member, notices=[notice])
    save_preferences(member=member, excluded_categories=[], muted_words="광고")
    return member, post, notice


def still_theirs(member, post, notice) -> bool:
    return (
        has_scrapped(member, post)
        and [scrap.post for scrap in scraps_of(member)] == [post]
        and vote_of(member, post) == UP
        and read_notice_ids(member, [notice]) == {notice.pk}
        and filters_for(member).muted_words == ("광고",)
    )


def test_a_member_key_is_keyed_and_is_not_the_author_reference(reading, settings):
    member, _post, _notice = reading
    key = memberkeys.member_key(member.pk)
    assert {row.member_key for row in Scrap.objects.all()} == {key}
    assert not author_ref_for(member.pk).startswith(key)
    settings.MADANG_DATA_KEYS = ["another key entirely"]
    assert memberkeys.member_key(member.pk) != key


def test_rotating_the_data_key_moves_the_reading_rows(reading, settings):
    member, post, notice = reading
    old = settings.MADANG_DATA_KEYS[0]
    settings.MADANG_DATA_KEYS = ["the new key", old]
    assert still_theirs(member, post, notice)  # during the rotation, under either key
    toggle_scrap(member=member, post=post)
    toggle_scrap(member=member, post=post)  # unscrapped and scrapped again: no second row
    out = io.StringIO()
    call_command("rotate_data_key", stdout=out)
    assert (
        "moved 0 scraps, moved 1 votes, moved 1 notice reads, moved 1 reading filters"
        in out.getvalue()
    )
    settings.MADANG_DATA_KEYS = ["the new key"]  # the old key is gone now
    assert still_theirs(member, post, notice)
    new = memberkeys.member_key(member.pk)
    for model in (Scrap, Vote, NoticeRead, ReadingPreferences):
        assert [row.member_key for row in model.objects.all()] == [new]
    again = io.StringIO()
    call_command("rotate_data_key", stdout=again)
    assert (
        "moved 0 scraps, moved 0 votes, moved 0 notice reads, moved 0 reading filters"
        in again.getvalue()
    )


def test_a_row_written_under_both_keys_is_kept_once(reading, settings):
    member, _post, notice = reading
    old = settings.MADANG_DATA_KEYS[0]
    settings.MADANG_DATA_KEYS = ["the new key", old]
    NoticeRead.objects.create(member_key=memberkeys.member_key(member.pk), notice=notice)
    assert memberkeys.move_to_newest_key(member.pk)["notice reads"] == 0
    assert NoticeRead.objects.get().member_key == memberkeys.member_key(member.pk)
    assert read_notice_ids(member, [notice]) == {notice.pk}
