"""What a reader may see: the one rule that every list, page, count and feed reads through.

Writing has one status (``published``, ``held``, ``hidden``, ``shadowed``,
``deleted``) and may be ``blinded`` by reports. Who sees what:

- everyone sees published writing; a blinded post or comment shows a
  placeholder instead of its title or body to everyone but its author and the
  board's moderators;
- writers see their own held, hidden and silently banned (shadowed) writing;
  shadowed writing shows to its writer exactly as if it were published, in
  lists, counts and the home page too, so that a silent ban cannot be noticed;
- moderators of a board open every post of it but deleted ones;
- deleted writing is gone for everyone (its number stays taken).

The reader is a ``Viewer``, built once per request (``moderation.permissions.
viewer_of``), so that these functions ask the database nothing about roles.
Post and comment rows share the field names this rule reads (``status``,
``author_ref``, ``blinded``), so one rule serves both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from django.db.models import Model, Q, QuerySet

from madang.accounts.pseudonym import author_ref_for
from madang.boards.models import Post

PUBLISHED = "published"
SHADOWED = "shadowed"
HELD = "held"
HIDDEN = "hidden"
DELETED = "deleted"

# The neutral member of a shared render (boards/memberpages.py): matches no writer.
SHARED_VIEWER_REF = "~member"


class Viewer:
    """Who reads, with what the rule needs to know about them.

    The boards a member moderates are found only when a rule asks (most pages
    never do): ``moderated`` is a set of board ids, None for every board (a
    site admin), or a function that finds them.
    """

    def __init__(
        self,
        author_ref: str | None = None,
        member_id: int | None = None,
        moderated: frozenset[int] | Callable[[], frozenset[int] | None] | None = frozenset(),
        is_staff: bool = False,
        joined_at: datetime | None = None,
    ) -> None:
        self.author_ref = author_ref  # None for guests
        self.member_id = member_id
        self._moderated = moderated
        self.is_staff = is_staff
        self.joined_at = joined_at

    @property
    def moderated_board_ids(self) -> frozenset[int] | None:
        if callable(self._moderated):
            self._moderated = self._moderated()
        return self._moderated

    @property
    def is_member(self) -> bool:
        return self.author_ref is not None

    @property
    def is_shared(self) -> bool:
        return self.author_ref == SHARED_VIEWER_REF

    def moderates(self, board_id: int) -> bool:
        if not self.is_member:
            return False
        boards = self.moderated_board_ids
        return boards is None or board_id in boards


GUEST = Viewer()
# Renders shared by every member: a member who has written, read and moderates nothing.
NEUTRAL_MEMBER = Viewer(author_ref=SHARED_VIEWER_REF)


def as_writer(member_id: int) -> Viewer:
    """A member as the writer of their own writing, for rules that need no role
    (their lists, /me/): nobody's moderator, whatever they are."""
    return Viewer(author_ref=author_ref_for(member_id), member_id=member_id)


class Writing(Protocol):
    status: str
    author_ref: str
    blinded: bool


W = TypeVar("W", bound=Model)


def listed(viewer: Viewer, through: str = "") -> Q:
    """Writing that stands in lists and counts for this reader: published, and their
    own silently banned writing, as if it were published. ``through`` reaches the
    writing from another model (``"post__"`` from scraps)."""
    shown = Q(**{f"{through}status": PUBLISHED})
    if viewer.is_member and not viewer.is_shared:
        shown |= Q(**{f"{through}status": SHADOWED, f"{through}author_ref": viewer.author_ref})
    return shown


def shown_comments(viewer: Viewer) -> Q:
    """Comments on a post page: published, and the reader's own held or shadowed ones."""
    shown = Q(status=PUBLISHED)
    if viewer.is_member and not viewer.is_shared:
        shown |= Q(status__in=(SHADOWED, HELD), author_ref=viewer.author_ref)
    return shown


def is_own(item: Writing, viewer: Viewer) -> bool:
    return viewer.is_member and item.author_ref == viewer.author_ref


def may_open_post(post: Post, viewer: Viewer) -> bool:
    """Whether the post page opens; anything else is the same 404 as a missing post."""
    if post.status == DELETED:
        return False
    if post.status == PUBLISHED or is_own(post, viewer):
        return True
    return viewer.moderates(post.board_id)


def own_writing(queryset: QuerySet[W], viewer: Viewer) -> QuerySet[W]:
    """A writer's own writing (/me/): everything they wrote and did not delete,
    shadowed writing included, since for them it is published."""
    return queryset.filter(author_ref=viewer.author_ref).exclude(status=DELETED)


def is_veiled(item: Writing, board_id: int, viewer: Viewer) -> bool:
    """Whether reports blind this post or comment for this reader: its title or body
    shows a placeholder, wherever it appears."""
    return bool(item.blinded) and not is_own(item, viewer) and not viewer.moderates(board_id)


def unveiled(viewer: Viewer, through: str = "", board: str = "board_id") -> Q:
    """``is_veiled`` as a filter: writing whose text this reader is shown, so that a
    search may match it. ``board`` reaches the writing's board id (``"post__board_id"``
    from comments)."""
    shown = Q(**{f"{through}blinded": False})
    if not viewer.is_member or viewer.is_shared:
        return shown
    moderated = viewer.moderated_board_ids
    if moderated is None:  # a site admin: every board
        return Q()
    shown |= Q(**{f"{through}author_ref": viewer.author_ref})
    if moderated:
        shown |= Q(**{f"{board}__in": sorted(moderated)})
    return shown


def present(posts: list[Post], viewer: Viewer) -> list[Post]:
    """Mark each post with what this reader is shown of it (``veiled``); templates
    show a post's title only through that mark."""
    for post in posts:
        post.veiled = is_veiled(post, post.board_id, viewer)  # type: ignore[attr-defined]
    return posts


def present_own(items: list[Any]) -> list[Any]:
    """Mark a writer's own posts or comments with the status note they are shown
    (``status_note``): none for published writing, and none for shadowed writing,
    which its writer must see as published."""
    for item in items:
        shown_as_published = item.status in (PUBLISHED, SHADOWED)
        item.status_note = None if shown_as_published else item.get_status_display()
    return items
