"""Each way of writing: the gate's check, then the action, in one transaction.

Views, and later the API, call these and nothing else to write; they raise
``Refusal`` (``madang.writing.gate``) with everything the writer needs to know.
``token`` is the form's submission token (``madang.writing.idempotency``): the
same submission sent again is stored once and answered with the first result.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions as post_actions
from madang.boards.models import Board, Category, Post
from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.media import actions as media_actions
from madang.media.models import Media
from madang.writing.gate import (
    HELD,
    SHADOWED,
    Clearance,
    Refusal,
    Submission,
    WriteKind,
    check_edit_lock,
    check_write,
    stored_fields,
)
from madang.writing.idempotency import submission_key

W = TypeVar("W", Post, Comment)
# How long a retry refused for repeating itself looks for its first sending (20 x 50 ms).
FIRST_SENDING_WAITS = 20
FIRST_SENDING_STEP = 0.05


def _key(member: Member, token: str) -> str | None:
    return submission_key(author_ref_for(member.pk), token) if token else None


def _once(
    model: type[W],
    key: str | None,
    write: Callable[[str | None], tuple[W, Clearance]],
    same: Callable[[W], bool],
) -> tuple[W, Clearance]:
    """``write`` under the submission's key; when the key is taken, the submission
    was stored already: answer with what was stored. A form shown again (the back
    button) sends an old token with new text: that is a new submission, checked
    and written as any other."""
    try:
        return write(key)
    except IntegrityError:  # the key is taken: the first sending is stored
        earlier = model.objects.filter(submission_key=key).first() if key else None
        if earlier is None:
            raise
    except Refusal as refusal:
        # The same text again too soon: the first sending, racing this one, may be
        # stored or about to be (its limits count before it commits).
        earlier = _first_sending(model, key) if key and refusal.repeated else None
        if earlier is None:
            raise
    if not same(earlier):
        return write(None)
    title = earlier.title if isinstance(earlier, Post) else ""
    body = earlier.body_source if isinstance(earlier, Post) else earlier.body
    source_url = earlier.source_url if isinstance(earlier, Post) else ""
    return earlier, Clearance(earlier.status, title, body, source_url)


def _first_sending(model: type[W], key: str) -> W | None:
    """The row stored under ``key``, waiting a moment for a sending still committing."""
    for _attempt in range(FIRST_SENDING_WAITS):
        earlier = model.objects.filter(submission_key=key).first()
        if earlier is not None:
            return earlier
        time.sleep(FIRST_SENDING_STEP)
    return None


def write_post(
    *,
    member: Member,
    board: Board,
    title: str,
    body: str,
    category: Category | None = None,
    source_url: str = "",
    mask_personal_data: bool = False,
    address: str = "",
    token: str = "",
    duplicates_seen: bool = False,
) -> tuple[Post, Clearance]:
    submission = Submission(
        WriteKind.NEW_POST,
        member,
        board,
        title=title,
        body=body,
        source_url=source_url,
        mask_personal_data=mask_personal_data,
        duplicates_seen=duplicates_seen,
        address=address,
    )

    def write(key: str | None) -> tuple[Post, Clearance]:
        with transaction.atomic():
            cleared = check_write(submission)
            post = post_actions.create_post(
                board=board,
                author=member,
                title=cleared.title,
                body=cleared.body,
                category=category,
                source_url=cleared.source_url,
                address=address or None,
                status=Post.Status(cleared.status),
                counts_against=cleared.counts_against,
                submission_key=key,
            )
        return post, cleared

    def same(earlier: Post) -> bool:
        title, body, _source = stored_fields(submission)
        return (earlier.board_id, earlier.title, earlier.body_source) == (board.pk, title, body)

    return _once(Post, _key(member, token), write, same)


def edit_post(
    *,
    member: Member,
    post: Post,
    title: str,
    body: str,
    category: Category | None = None,
    source_url: str = "",
    mask_personal_data: bool = False,
    address: str = "",
    token: str = "",
) -> tuple[Post, Clearance]:
    """The writer changes their post; a hold or a silent ban takes it out of the lists."""
    key = _key(member, token)
    if key is not None and post.submission_key == key:  # this edit, sent again
        return post, Clearance(post.status, post.title, post.body_source, post.source_url)
    submission = Submission(
        WriteKind.POST_EDIT,
        member,
        post.board,
        title=title,
        body=body,
        source_url=source_url,
        mask_personal_data=mask_personal_data,
        address=address,
        post=post,
    )
    with transaction.atomic():
        cleared = check_write(submission)
        post_actions.edit_post(
            post=post,
            title=cleared.title,
            body=cleared.body,
            category=category,
            source_url=cleared.source_url,
            counts_against=cleared.counts_against,
            submission_key=key,
        )
        if cleared.status in (HELD, SHADOWED) and post.status == Post.Status.PUBLISHED:
            post_actions.set_post_status(post=post, status=Post.Status(cleared.status))
    return post, cleared


def delete_post(*, post: Post) -> Post:
    """The writer removes their post, unless the board locks it under its comments."""
    check_edit_lock(post, post.board)
    return post_actions.delete_post(post=post)


def write_comment(
    *,
    member: Member,
    post: Post,
    body: str,
    parent: Comment | None = None,
    mask_personal_data: bool = False,
    address: str = "",
    token: str = "",
    picture: str = "",
) -> tuple[Comment, Clearance]:
    """A comment, with the writer's uploaded ``picture`` (its key) where the board allows."""
    shown = _picture(member, post, picture)
    submission = Submission(
        WriteKind.NEW_COMMENT,
        member,
        post.board,
        body=body,
        mask_personal_data=mask_personal_data,
        address=address,
        post=post,
    )

    def write(key: str | None) -> tuple[Comment, Clearance]:
        with transaction.atomic():
            cleared = check_write(submission)
            comment = comment_actions.create_comment(
                post=post,
                author=member,
                body=cleared.body,
                parent=parent,
                address=address or None,
                status=Comment.Status(cleared.status),
                counts_against=cleared.counts_against,
                submission_key=key,
                picture=shown,
            )
        return comment, cleared

    def same(earlier: Comment) -> bool:
        _title, body, _source = stored_fields(submission)
        return (earlier.post_id, earlier.body) == (post.pk, body)

    return _once(Comment, _key(member, token), write, same)


def _picture(member: Member, post: Post, key: str) -> Media | None:
    if not key:
        return None
    if not post.board.comment_pictures:
        raise Refusal(_("이 게시판은 댓글에 사진을 붙일 수 없습니다."), status=403)
    found = media_actions.owned(author_ref_for(member.pk), [key]).get(key)
    if found is None:
        raise Refusal(_("붙인 사진을 찾을 수 없습니다. 다시 올려 주세요."), status=400)
    return found


def edit_comment(
    *,
    member: Member,
    post: Post,
    comment: Comment,
    body: str,
    mask_personal_data: bool = False,
    address: str = "",
    token: str = "",
) -> tuple[Comment, Clearance]:
    key = _key(member, token)
    if key is not None and comment.submission_key == key:  # this edit, sent again
        return comment, Clearance(comment.status, "", comment.body, "")
    submission = Submission(
        WriteKind.COMMENT_EDIT,
        member,
        post.board,
        body=body,
        mask_personal_data=mask_personal_data,
        address=address,
        post=post,
    )
    with transaction.atomic():
        cleared = check_write(submission)
        comment_actions.edit_comment(
            comment=comment,
            body=cleared.body,
            counts_against=cleared.counts_against,
            submission_key=key,
        )
        if cleared.status in (HELD, SHADOWED) and comment.status == Comment.Status.PUBLISHED:
            comment_actions.set_comment_status(
                comment=comment, status=Comment.Status(cleared.status)
            )
    return comment, cleared


def delete_comment(*, comment: Comment) -> Comment:
    """The writer removes their comment; a numbered one keeps its place as a placeholder."""
    return comment_actions.delete_comment(comment=comment)
