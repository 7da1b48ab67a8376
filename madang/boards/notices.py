"""Which notices a member has read, so their lists fold them.

A read names its member by their member key (``accounts.memberkeys``), never their id.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from madang.accounts.memberkeys import member_key, member_keys
from madang.accounts.models import Member
from madang.boards import overlays
from madang.boards.models import Notice, NoticeRead


def read_notice_ids(member: Member, notices: list[Notice]) -> set[int]:
    if not notices:
        return set()
    return set(
        NoticeRead.objects.filter(
            member_key__in=member_keys(member.pk), notice__in=notices
        ).values_list("notice_id", flat=True)
    )


def all_read_notice_ids(member_id: int) -> frozenset[int]:
    return frozenset(
        NoticeRead.objects.filter(member_key__in=member_keys(member_id)).values_list(
            "notice_id", flat=True
        )
    )


def mark_notices_read(*, member: Member, notices: list[Notice]) -> None:
    already = read_notice_ids(member, notices)
    for notice in notices:
        if notice.pk in already:
            continue
        try:
            with transaction.atomic():
                NoticeRead.objects.create(member_key=member_key(member.pk), notice=notice)
        except IntegrityError:  # read twice at once
            pass
    overlays.forget(member_id=member.pk)


def drop_notice_reads_of(*, member_id: int) -> None:
    NoticeRead.objects.filter(member_key__in=member_keys(member_id)).delete()
