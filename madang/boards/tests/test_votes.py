"""Votes as rows and counts: one per member and post, named by member key, counted on
the post in the vote's own transaction, recounted by `madang repair_counters`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from madang.accounts.memberkeys import member_key
from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post, Vote
from madang.boards.votes import DOWN, UP, cast_vote, recent_votes, vote_of


@pytest.fixture
def post(board, make_post, make_member):
    return make_post(board, title="추천 받을 글", author=make_member("writer"))


def counts(post: Post) -> tuple[int, int]:
    post.refresh_from_db()
    return post.up_count, post.down_count


def test_a_member_votes_once_and_the_same_vote_again_takes_it_back(post, member):
    tally = cast_vote(member=member, post=post, value=UP)
    assert (tally.value, tally.was, tally.up, tally.down) == (UP, 0, 1, 0)
    assert counts(post) == (1, 0)
    tally = cast_vote(member=member, post=post, value=UP)
    assert (tally.value, tally.was) == (0, UP)
    assert counts(post) == (0, 0)
    assert not Vote.objects.exists()


def test_the_other_vote_changes_it(post, member, make_member):
    cast_vote(member=member, post=post, value=UP)
    cast_vote(member=make_member(), post=post, value=UP)
    tally = cast_vote(member=member, post=post, value=DOWN)
    assert (tally.value, tally.was, tally.up, tally.down) == (DOWN, UP, 1, 1)
    assert counts(post) == (1, 1)
    assert Vote.objects.count() == 2
    assert vote_of(member, post) == DOWN


def test_a_vote_names_its_member_by_member_key_alone(post, member):
    cast_vote(member=member, post=post, value=UP)
    row = Vote.objects.get()
    assert row.member_key == member_key(member.pk)
    assert row.member_key not in author_ref_for(member.pk)
    assert not {field.name for field in Vote._meta.fields} & {"member", "author_ref", "created_at"}


def test_an_uncounted_vote_is_kept_and_counts_for_nobody(post, member):
    tally = cast_vote(member=member, post=post, value=UP, counted=False)
    assert counts(post) == (0, 0)
    assert vote_of(member, post) == UP
    assert tally.as_its_voter_sees_it().up == 1  # what its voter is shown
    cast_vote(member=member, post=post, value=UP, counted=False)  # taken back
    assert counts(post) == (0, 0)
    assert not Vote.objects.exists()


def test_a_vote_counted_before_a_silent_ban_is_uncounted_when_changed_under_it(post, member):
    cast_vote(member=member, post=post, value=UP)
    cast_vote(member=member, post=post, value=DOWN, counted=False)
    assert counts(post) == (0, 0)
    assert Vote.objects.get().counted is False


def test_the_overlay_remembers_the_members_newest_votes(board, make_post, make_member, member):
    writer = make_member()
    posts = [make_post(board, title=f"글 {index}", author=writer) for index in range(3)]
    cast_vote(member=member, post=posts[0], value=UP)
    cast_vote(member=member, post=posts[2], value=DOWN)
    assert recent_votes(member.pk) == ((posts[2].pk, DOWN), (posts[0].pk, UP))


def test_repair_counters_recounts_votes_from_the_counted_rows(post, member, make_member):
    cast_vote(member=member, post=post, value=UP)
    cast_vote(member=make_member(), post=post, value=DOWN)
    cast_vote(member=make_member(), post=post, value=UP, counted=False)
    Post.objects.filter(pk=post.pk).update(up_count=40, down_count=7)
    call_command("repair_counters", stdout=io.StringIO())
    assert counts(post) == (1, 1)


def test_a_leaving_members_votes_go_and_their_counts_with_them(post, member, make_member):
    cast_vote(member=member, post=post, value=UP)
    cast_vote(member=make_member(), post=post, value=UP)
    member.delete()
    assert counts(post) == (1, 0)
    assert Vote.objects.count() == 1
