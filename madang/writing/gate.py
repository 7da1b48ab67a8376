"""The one gate every write passes, in one order.

New and edited posts and comments (and, later, uploads and the API) are
checked here, the way Zulip checks with ``check_*`` before it acts with
``do_*``: permission for this board, bans, write limits, the personal-data
guard, banned words, and then the status the writing gets (published, held
for a moderator, or shadowed by a silent ban). ``madang.writing.submit`` runs
the check and the action in one transaction. Every check reads the text as
readers will read it (``madang.writing.text``), in every field that is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from madang.accounts.models import Member
from madang.accounts.pii import Finding, find_personal_data, mask_personal_data
from madang.boards import limits, permissions
from madang.boards.models import Board, Duplicates, Post
from madang.boards.visibility import Viewer
from madang.core import durations
from madang.moderation.bans import ban_author, screening_ban_state
from madang.moderation.models import Ban, Reason
from madang.moderation.permissions import viewer_of
from madang.moderation.reasons import ban_reason
from madang.moderation.words import check_words
from madang.news.earlier import Earlier, earlier_posts
from madang.writing.text import as_read, readable_source

PUBLISHED, HELD, SHADOWED = "published", "held", "shadowed"


class WriteKind(StrEnum):
    NEW_POST = "new_post"
    POST_EDIT = "post_edit"
    NEW_COMMENT = "new_comment"
    COMMENT_EDIT = "comment_edit"
    POST_UPLOAD = "post_upload"  # a picture or video for a post (madang.writing.uploads)
    COMMENT_UPLOAD = "comment_upload"

    @property
    def is_post(self) -> bool:
        return self in (WriteKind.NEW_POST, WriteKind.POST_EDIT, WriteKind.POST_UPLOAD)


@dataclass(frozen=True)
class Submission:
    """What a member asks to write, by field as it will be shown."""

    kind: WriteKind
    member: Member
    board: Board
    title: str = ""
    body: str = ""  # HTML for posts (the editor's), plain text for comments
    source_url: str = ""
    mask_personal_data: bool = False  # the writer saw what was found and chose to hide it
    duplicates_seen: bool = False  # the writer saw the earlier posts of the article, and posts
    address: str = ""
    post: Post | None = None  # the post edited or commented on


class Refusal(Exception):
    """The gate says no; ``message`` tells the writer why, in Korean, and the view
    gives back everything they typed."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        retry_after: int | None = None,
        findings: list[Finding] | None = None,
        login: bool = False,
        repeated: bool = False,
        duplicates: list[Earlier] | None = None,
        may_post_anyway: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after
        self.findings = findings or []
        self.login = login
        self.repeated = repeated  # the same text again within the repeat window
        self.duplicates = duplicates or []  # earlier posts of the same article
        self.may_post_anyway = may_post_anyway  # the board warns: seen, they may post


@dataclass(frozen=True)
class Clearance:
    """What may be written, and how: the fields after any masking, and the status."""

    status: str
    title: str
    body: str
    source_url: str
    counts_against: limits.Counting = field(default_factory=lambda: limits.Counting([]))


def check_write(submission: Submission, viewer: Viewer | None = None) -> Clearance:
    """Every check, in order; raises ``Refusal`` at the first that fails.

    A banned word that silently bans its writer bans them here, so call this
    inside the transaction of the write (``madang.writing.submit`` does).
    """
    viewer = viewer or viewer_of(submission.member)
    check_permission(submission, viewer)
    author_ref = viewer.author_ref or ""
    bans = screening_ban_state(author_ref, submission.board)
    if bans.visible is not None:
        raise Refusal(visible_ban_message(bans.visible), status=403)
    counts_against = check_limits(submission, author_ref)
    title, body, source_url = _guard_personal_data(submission)
    shown = _shown(submission.kind, title, body, source_url)
    verdict = check_words(submission.board, shown)
    if verdict.refuse:
        found = ", ".join(sorted({match.text for _word, match in verdict.refuse}))
        raise Refusal(_("쓸 수 없는 말이 들어 있습니다: %(words)s") % {"words": found}, status=400)
    check_duplicates(submission, viewer, title, body, source_url)
    shadow = bans.silent is not None
    if verdict.silent_ban and not shadow:
        word = verdict.silent_ban[0][0]
        ban_author(
            actor=None,
            author_ref=author_ref,
            board=word.board,
            kind=Ban.Kind.SILENT,
            reason=word.pattern,
            reason_code=Reason.BANNED_WORD,
            days=None,
        )
        shadow = True
    status = SHADOWED if shadow else HELD if verdict.hold else PUBLISHED
    return Clearance(status, title, body, source_url, counts_against)


def check_duplicates(
    submission: Submission, viewer: Viewer, title: str, body: str, source_url: str
) -> None:
    """A new post of an article the board already holds (``news.duplicates``): the
    writer is shown the earlier posts; where the board only warns, they may post once
    they have seen them."""
    board = submission.board
    if submission.kind != WriteKind.NEW_POST or board.duplicates == Duplicates.OFF:
        return
    warns = board.duplicates == Duplicates.WARN
    if warns and submission.duplicates_seen:
        return
    earlier = earlier_posts(board, viewer, title, source_url, body)
    if not earlier:
        return
    if warns:
        message = _(
            "이미 올라온 기사일 수 있습니다. 아래 글을 살펴보고, 다른 내용이면 그대로 올려 주세요."
        )
    else:
        message = _("이 게시판에는 이미 올라온 기사를 다시 올릴 수 없습니다.")
    raise Refusal(message, status=409, duplicates=earlier, may_post_anyway=warns)


def check_permission(submission: Submission, viewer: Viewer) -> None:
    board = submission.board
    try:
        if submission.kind.is_post:
            permissions.check_post_permission(board, viewer)
        else:
            permissions.check_comment_permission(board, viewer)
    except permissions.BoardClosed as closed:
        raise Refusal(str(closed), status=403, login=closed.login) from None
    if submission.kind == WriteKind.POST_EDIT and submission.post is not None:
        check_edit_lock(submission.post, board)


def check_edit_lock(post: Post, board: Board) -> None:
    """A board may lock editing and deleting once a post has enough comments:
    the thread under it should keep answering what was written."""
    lock = board.edit_lock_comments
    if lock and post.comment_count >= lock:
        message = ngettext(
            "댓글이 %(count)s개 넘게 달린 글은 고치거나 지울 수 없습니다.",
            "댓글이 %(count)s개 넘게 달린 글은 고치거나 지울 수 없습니다.",
            lock,
        )
        raise Refusal(message % {"count": lock}, status=403)


def ban_until(ban: Ban) -> str:
    """When a ban ends, as its refusals say it."""
    if ban.ends_at is None:
        return _("영구")
    return formats.date_format(timezone.localtime(ban.ends_at), "Y.m.d H:i")


def visible_ban_message(ban: Ban) -> str:
    return _("활동이 정지되어 글을 쓸 수 없습니다. 사유: %(reason)s · 기한: %(until)s") % {
        "reason": ban_reason(ban),
        "until": ban_until(ban),
    }


_LIMIT_KIND = {
    WriteKind.NEW_POST: limits.Kind.POST,
    WriteKind.NEW_COMMENT: limits.Kind.COMMENT,
    WriteKind.POST_EDIT: limits.Kind.EDIT,
    WriteKind.COMMENT_EDIT: limits.Kind.EDIT,
    WriteKind.POST_UPLOAD: limits.Kind.UPLOAD,
    WriteKind.COMMENT_UPLOAD: limits.Kind.UPLOAD,
}


def check_limits(submission: Submission, author_ref: str) -> limits.Counting:
    kind = _LIMIT_KIND[submission.kind]
    text = "\n".join(
        _shown(submission.kind, submission.title, submission.body, submission.source_url)
    )
    place = str(submission.post.pk) if submission.post is not None else ""

    def build(away: bool) -> limits.Pairs:
        board, address = submission.board, submission.address
        return limits.write_limits(kind, board, author_ref, address, text, place, away=away)

    over, counting = limits.check(build)
    if over is None:
        return counting
    minutes = max(1, over.retry_after // 60)
    wait = {"seconds": durations.seconds(over.retry_after), "minutes": durations.minutes(minutes)}
    message = _limit_messages(kind)[over.why] % wait
    status = 503 if over.unknown else 429
    repeated = over.why == limits.Why.REPEAT
    raise Refusal(message, status=status, retry_after=over.retry_after, repeated=repeated)


def _limit_messages(kind: limits.Kind) -> dict[limits.Why, str]:
    Why = limits.Why
    if kind == limits.Kind.POST:
        return {
            Why.UNKNOWN: _(
                "지금은 글을 받을 수 없습니다. %(seconds)s 뒤에 다시 올려 주세요."
                " 쓴 내용은 그대로 있습니다."
            ),
            Why.HOURLY: _(
                "글을 너무 자주 올렸습니다. 조금 뒤에 다시 올려 주세요. 쓴 내용은 그대로 있습니다."
            ),
            Why.GAP: _("글을 너무 빨리 이어서 올렸습니다. %(seconds)s 뒤에 다시 올려 주세요."),
            Why.REPEAT: _("같은 글을 방금 올렸습니다. %(minutes)s 뒤에 다시 올릴 수 있습니다."),
        }
    if kind == limits.Kind.COMMENT:
        return {
            Why.UNKNOWN: _("지금은 댓글을 받을 수 없습니다. %(seconds)s 뒤에 다시 달아 주세요."),
            Why.HOURLY: _("댓글을 너무 자주 달았습니다. %(minutes)s 뒤에 다시 달아 주세요."),
            Why.GAP: _("댓글을 너무 빨리 이어서 달았습니다. %(seconds)s 뒤에 다시 달아 주세요."),
            Why.REPEAT: _("같은 댓글을 방금 달았습니다. %(minutes)s 뒤에 다시 달 수 있습니다."),
        }
    if kind == limits.Kind.UPLOAD:
        many = _("파일을 너무 많이 올렸습니다. %(minutes)s 뒤에 다시 올려 주세요.")
        return {
            Why.UNKNOWN: _("지금은 파일을 받을 수 없습니다. %(seconds)s 뒤에 다시 올려 주세요."),
            Why.HOURLY: many,
            Why.GAP: many,
            Why.REPEAT: many,
        }
    busy = _("너무 자주 고쳤습니다. %(minutes)s 뒤에 다시 고쳐 주세요.")
    return {
        Why.UNKNOWN: _("지금은 고칠 수 없습니다. %(seconds)s 뒤에 다시 고쳐 주세요."),
        Why.HOURLY: busy,
        Why.GAP: busy,
        Why.REPEAT: busy,
    }


def _shown(kind: WriteKind, title: str, body: str, source_url: str) -> list[str]:
    """Every field a reader will see, as they will read it."""
    if kind.is_post:
        return [as_read(title), as_read(body, markup=True), as_read(source_url)]
    return [as_read(body)]


def _guard_personal_data(submission: Submission) -> tuple[str, str, str]:
    """The fields to store: as typed when they hold no personal data, masked when the
    writer chose to hide what was found; any other way refuses with the findings."""
    fields = (submission.title, submission.body, submission.source_url)
    found = _findings(submission.kind, *fields)
    if not found:
        return fields
    if not submission.mask_personal_data:
        raise Refusal(_("개인정보로 보이는 내용이 있습니다."), status=400, findings=found)
    masked = tuple(mask_personal_data(readable_source(text)) if text else text for text in fields)
    title, body, source_url = masked
    still = _findings(submission.kind, title, body, source_url)
    if still:
        raise Refusal(_("개인정보로 보이는 내용이 있습니다."), status=400, findings=still)
    return title, body, source_url


def stored_fields(submission: Submission) -> tuple[str, str, str]:
    """Title, body and source link as the write would store them (masked when asked)."""
    try:
        title, body, source_url = _guard_personal_data(submission)
    except Refusal:
        title, body, source_url = submission.title, submission.body, submission.source_url
    return title.strip(), body.strip() if not submission.kind.is_post else body, source_url.strip()


def _findings(kind: WriteKind, title: str, body: str, source_url: str) -> list[Finding]:
    return [
        finding
        for text in _shown(kind, title, body, source_url)
        if text
        for finding in find_personal_data(text)
    ]
