from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.accounts.pseudonym import AUTHOR_REF_LENGTH
from madang.boards.slugs import validate_board_slug


class Board(models.Model):
    slug = models.CharField(_("slug"), max_length=40, unique=True, validators=[validate_board_slug])
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The highest post number ever given out. It only grows, so numbers are never reused.
    last_number = models.PositiveBigIntegerField(default=0, editable=False)
    # Published posts; with PageAnchor it numbers the pages without COUNT(*).
    post_count = models.PositiveIntegerField(default=0, editable=False)
    comments_per_page = models.PositiveSmallIntegerField(_("comments per page"), default=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("board")
        verbose_name_plural = _("boards")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"


class Category(models.Model):
    """A board's 말머리: the label before each title, also a filter of the list."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="categories")
    slug = models.SlugField(_("slug"), max_length=40, allow_unicode=False)
    name = models.CharField(_("name"), max_length=40)
    order = models.PositiveIntegerField(_("order"), default=0)
    requires_source = models.BooleanField(_("requires a source URL"), default=False)
    post_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["board", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="category_unique_slug_per_board")
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("published")
        HELD = "held", _("held for review")
        HIDDEN = "hidden", _("hidden")
        DELETED = "deleted", _("deleted")

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="posts")
    number = models.PositiveBigIntegerField(editable=False)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="posts"
    )
    title = models.CharField(_("title"), max_length=300)
    body_source = models.TextField(_("body"), blank=True)
    body_html = models.TextField(blank=True, editable=False)
    source_url = models.URLField(_("source"), max_length=2000, blank=True)
    # HMAC of the member id; never the id itself (see madang.accounts.pseudonym).
    author_ref = models.CharField(max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    view_count = models.PositiveIntegerField(default=0, editable=False)
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    scrap_count = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "number"], name="post_unique_number_per_board")
        ]
        indexes = [
            # The list pages walk these backwards; partial, so hidden rows cost nothing.
            models.Index(
                fields=["board", "number"],
                condition=Q(status="published"),
                name="post_published_by_board",
            ),
            models.Index(
                fields=["board", "category", "number"],
                condition=Q(status="published"),
                name="post_published_by_category",
            ),
        ]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.board.slug}/{self.number}"

    def get_absolute_url(self) -> str:
        return f"/{self.board.slug}/{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PageAnchor(models.Model):
    """A known (rank, number) pair that lets a deep page start near its rows.

    ``rank`` counts published posts from the oldest (1) upwards within a scope:
    the whole board (scope 0) or one category (scope = category id). New posts
    go on top and leave every rank below them alone; hiding or restoring a post
    shifts the ranks of the anchors above it by one, in the same transaction.
    """

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    scope = models.PositiveBigIntegerField(default=0)
    rank = models.PositiveIntegerField()
    number = models.PositiveBigIntegerField()

    class Meta:
        # Ranks are distinct by construction, but not declared unique: shifting every
        # anchor above a post by one would trip a row-by-row uniqueness check.
        indexes = [
            models.Index(fields=["board", "scope", "rank"], name="page_anchor_by_rank"),
            models.Index(fields=["board", "scope", "number"], name="page_anchor_by_number"),
        ]


class NoticeKind(models.Model):
    """이벤트, 공지, 정보, 팁 and whatever else admins add."""

    name = models.CharField(_("name"), max_length=20, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("notice kind")
        verbose_name_plural = _("notice kinds")

    def __str__(self) -> str:
        return self.name


class Notice(models.Model):
    """A post pinned above the rows of one board, or of every board when ``board`` is empty."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notices")
    kind = models.ForeignKey(NoticeKind, on_delete=models.PROTECT, related_name="notices")
    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("Leave empty to pin the notice on every board."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "-created_at"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"[{self.kind}] {self.post.title}"
