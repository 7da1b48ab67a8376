"""Which notices a member has read, so their lists fold them."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from madang.accounts.models import Member
from madang.boards import overlays
from madang.boards.models import Notice, NoticeRead


def read_notice_ids(member: Member, notices: list[Notice]) -> set[int]:
    if not notices:
        return set()
    return set(
        NoticeRead.objects.filter(member=member, notice__in=notices).values_list(
            "notice_id", flat=True
        )
    )


def mark_notices_read(*, member: Member, notices: list[Notice]) -> None:
    for notice in notices:
        try:
            with transaction.atomic():
                NoticeRead.objects.get_or_create(member=member, notice=notice)
        except IntegrityError:  # read twice at once
            pass
    overlays.forget(member_id=member.pk)
