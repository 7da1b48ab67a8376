"""The bench's comments leave no notifications behind: each run starts where the last did."""

from __future__ import annotations

from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.comments.actions import create_comment
from madang.notifications.models import Notification
from madang.notifications.queries import unread_count
from madang.site import bench_mix
from madang.site.bench_setup import (
    BENCH_WRITER,
    bench_member,
    forget_bench_notifications,
    read_bench_notifications,
)


def test_the_comment_writes_leave_the_bench_posts_writer_nothing_unread(board, make_post):
    writer = bench_member(BENCH_WRITER)
    post = make_post(board, title="벤치마크용 글", author=writer)
    for index in range(3):
        create_comment(post=post, author=bench_member(f"bench_writer_{index}"), body="벤치")
    assert unread_count(writer) == 3
    read_bench_notifications()
    assert unread_count(writer) == 0


def test_the_mix_forgets_the_notifications_its_comments_made(board, make_post, make_member):
    reader = make_member("reader")
    post = make_post(board, title="어제의 글", author=reader)
    before = create_comment(post=post, author=bench_member("bench_mix_0"), body="지난번")
    since = timezone.now()
    for index in range(2):
        create_comment(post=post, author=bench_member(f"bench_mix_{index}"), body="mix")
    create_comment(post=post, author=make_member("neighbour"), body="사람의 댓글")
    assert unread_count(reader) == 4
    assert forget_bench_notifications(bench_mix.member_names(), since=since) == 2
    assert unread_count(reader) == 2
    kept = Notification.objects.filter(recipient_ref=author_ref_for(reader.pk))
    assert before.pk in set(kept.values_list("comment_id", flat=True))
