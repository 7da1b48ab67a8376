"""A post's comments: reading them (newest threads, ``before`` older ones, ``after`` new
ones), and writing, editing and deleting a member's own through the writing gate.

Reads go through ``comments.queries``, numbered as the page numbers them; a
reader who may not open the post gets the same 404 as for a missing one, and
another member's comment is the same 404 as a missing one for edit and delete.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Query, Router
from ninja.responses import Status

from madang.api import auth, present
from madang.api.auth import caller_of
from madang.api.boards import Number, Slug, readable_board
from madang.api.errors import Invalid, answers
from madang.api.forms import form_errors
from madang.api.reading import reader_of
from madang.api.schemas import CommentEditIn, CommentIn, CommentPage, CommentWritten
from madang.boards import queries
from madang.boards.forms import CommentForm
from madang.comments.models import Comment
from madang.comments.queries import comment_line, comment_window, comments_after, visible_comments
from madang.core.client import client_address
from madang.moderation.permissions import viewer_of
from madang.writing import submit

router = Router(tags=["comments"])

MAX_ID = 2**63 - 1
CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="댓글 id")]


@router.get(
    "/boards/{slug}/posts/{number}/comments",
    response=answers({200: CommentPage}, 403, 404),
    auth=auth.READ,
    openapi_extra=auth.OPTIONAL_AUTH,
)
def post_comments(
    request: HttpRequest,
    slug: Slug,
    number: Number,
    before: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="이 스레드보다 오래된 스레드들")
    ] = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_ID, description="이 댓글 뒤에 달린 댓글들")
    ] = None,
) -> dict[str, Any]:
    """The newest threads (as the post page shows them), older threads (``before``: the
    ``oldest_thread_id`` of the last answer), or what was written since (``after``:
    its ``newest_id``), replies to older threads included."""
    if before is not None and after is not None:
        raise Invalid({"after": [_("before와 after 중 하나만 보내 주세요.")]})
    reader = reader_of(request)
    board = readable_board(slug, reader)
    post = queries.get_post_for_viewer(board, number, reader.viewer)
    viewer = reader.viewer
    if after is not None:
        new = comments_after(post, after=after, shown_from=0, viewer=viewer)
        lines = [*present.threads_out(new.threads, viewer)]
        lines += [present.comment_out(line, viewer) for _thread, line in new.replies]
        lines.sort(key=lambda line: line["id"])
        return {
            "comments": lines,
            "total": new.total,
            "has_older": False,
            "oldest_thread_id": None,
            "newest_id": new.newest_id,
        }
    window = comment_window(post, per_page=board.comments_per_page, before=before, viewer=viewer)
    return {
        "comments": present.threads_out(window.threads, viewer),
        "total": window.total,
        "has_older": window.has_older,
        "oldest_thread_id": window.oldest_thread_id,
        "newest_id": window.newest_id,
    }


@router.post(
    "/boards/{slug}/posts/{number}/comments",
    response=answers({201: CommentWritten}, 403, 404, 409, 400),
    auth=auth.WRITE,
)
def write_comment(request: HttpRequest, slug: Slug, number: Number, data: CommentIn) -> Status:
    """A comment, or a reply (``parent``), through the writing gate."""
    member = caller_of(request).member
    assert member is not None
    board = queries.board_for_writing(slug)
    viewer = viewer_of(member)
    post = queries.post_to_comment_on(board, number, viewer)
    form = CommentForm({"body": data.body, "parent": data.parent or ""})
    if not form.is_valid():
        raise Invalid(form_errors(form))
    parent = None
    if data.parent is not None:
        parent = Comment.objects.filter(pk=data.parent, post=post).first()
        if parent is None:
            raise Invalid({"parent": [_("답글을 달 댓글이 이 글에 없습니다.")]})
    comment, cleared = submit.write_comment(
        member=member,
        post=post,
        body=form.cleaned_data["body"],
        parent=parent,
        mask_personal_data=data.mask_personal_data,
        address=client_address(request),
        token=data.submission,
    )
    line = comment_line(post, comment, viewer)
    shown = present.comment_out(line, viewer)
    return Status(201, {"status": shown_status(cleared.status), "comment": shown})


def shown_status(status: str) -> str:
    """What the writer is told: held, or published (a silent ban's writing included)."""
    return "held" if status == Comment.Status.HELD else "published"


def _own_comment(request: HttpRequest, slug: str, number: int, comment_id: int) -> Any:
    member = caller_of(request).member
    assert member is not None
    viewer = viewer_of(member)
    board = queries.get_board(slug)
    post = queries.get_post_for_viewer(board, number, viewer)
    comment = (
        visible_comments(post, viewer).filter(pk=comment_id, author_ref=viewer.author_ref).first()
    )
    if comment is None:
        raise Http404("no such comment")
    return member, viewer, post, comment


@router.put(
    "/boards/{slug}/posts/{number}/comments/{comment_id}",
    response=answers({200: CommentWritten}, 403, 404, 400),
    auth=auth.WRITE,
)
def edit_comment(
    request: HttpRequest, slug: Slug, number: Number, comment_id: CommentId, data: CommentEditIn
) -> dict[str, Any]:
    """The caller's own comment, changed through the writing gate."""
    member, viewer, post, comment = _own_comment(request, slug, number, comment_id)
    form = CommentForm({"body": data.body})
    if not form.is_valid() or not form.cleaned_data["body"]:
        raise Invalid(form_errors(form) or {"body": [_("댓글을 적어 주세요.")]})
    comment, _cleared = submit.edit_comment(
        member=member,
        post=post,
        comment=comment,
        body=form.cleaned_data["body"],
        mask_personal_data=data.mask_personal_data,
        address=client_address(request),
        token=data.submission,
    )
    line = comment_line(post, comment, viewer)
    return {"status": shown_status(comment.status), "comment": present.comment_out(line, viewer)}


@router.delete(
    "/boards/{slug}/posts/{number}/comments/{comment_id}",
    response=answers({204: None}, 403, 404),
    auth=auth.WRITE,
)
def delete_comment(
    request: HttpRequest, slug: Slug, number: Number, comment_id: CommentId
) -> Status:
    """The caller's own comment; a numbered one keeps its place as "삭제된 댓글입니다"."""
    _member, _viewer, _post, comment = _own_comment(request, slug, number, comment_id)
    submit.delete_comment(comment=comment)
    return Status(204, None)
