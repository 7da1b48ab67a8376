"""Each way of writing: the gate's check, then the action, in one transaction.

Views, and later the API, call these and nothing else to write; they raise
``Refusal`` (``madang.writing.gate``) with everything the writer needs to know.
"""

from __future__ import annotations

from django.db import transaction

from madang.accounts.models import Member
from madang.boards import actions as post_actions
from madang.boards.models import Board, Category, Post
from madang.comments import actions as comment_actions
from madang.comments.models import Comment
from madang.writing.gate import (
    HELD,
    SHADOWED,
    Clearance,
    Submission,
    WriteKind,
    check_edit_lock,
    check_write,
)


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
) -> tuple[Post, Clearance]:
    submission = Submission(
        WriteKind.NEW_POST,
        member,
        board,
        title=title,
        body=body,
        source_url=source_url,
        mask_personal_data=mask_personal_data,
        address=address,
    )
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
        )
    return post, cleared


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
) -> tuple[Post, Clearance]:
    """The writer changes their post; a hold or a silent ban takes it out of the lists."""
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
        )
        if cleared.status in (HELD, SHADOWED) and post.status == Post.Status.PUBLISHED:
            post_actions.set_post_status(post=post, status=Post.Status(cleared.status))
    return post, cleared


def write_comment(
    *,
    member: Member,
    post: Post,
    body: str,
    parent: Comment | None = None,
    mask_personal_data: bool = False,
    address: str = "",
) -> tuple[Comment, Clearance]:
    submission = Submission(
        WriteKind.NEW_COMMENT,
        member,
        post.board,
        body=body,
        mask_personal_data=mask_personal_data,
        address=address,
        post=post,
    )
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
        )
    return comment, cleared


def edit_comment(
    *,
    member: Member,
    post: Post,
    comment: Comment,
    body: str,
    mask_personal_data: bool = False,
    address: str = "",
) -> tuple[Comment, Clearance]:
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
            comment=comment, body=cleared.body, counts_against=cleared.counts_against
        )
        if cleared.status in (HELD, SHADOWED) and comment.status == Comment.Status.PUBLISHED:
            comment_actions.set_comment_status(
                comment=comment, status=Comment.Status(cleared.status)
            )
    return comment, cleared


def delete_post(*, post: Post) -> Post:
    """The writer removes their post, unless the board locks it under its comments."""
    check_edit_lock(post, post.board)
    return post_actions.delete_post(post=post)
