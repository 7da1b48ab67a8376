"""The search index: one entry per post and per comment (docs/search.md).

An entry keeps the text as the index read it (normalized, for the exact
recheck) and nothing about who may see it: what a reader is shown is decided
when they search, by the visibility rule on the post and comment rows. The
terms live beside the entry, where each database keeps them best: an FTS5 table
on SQLite (``search_post_fts``, ``search_comment_fts``), a GIN-indexed tsvector
column (``terms``) of the entry's own table on PostgreSQL. Neither is a model
field: the migrations make them, and ``search/engine.py`` reads and writes them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.boards.models import Board, Post
from madang.comments.models import Comment


class PostEntry(models.Model):
    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, primary_key=True, related_name="+", verbose_name=_("글")
    )
    # A post never moves to another board; kept here so that a board's search walks its
    # own entries newest first. (A board that has posts cannot be deleted.)
    board = models.ForeignKey(
        Board,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        verbose_name=_("게시판"),
    )
    # The post's date: results come newest first, across boards too.
    created_at = models.DateTimeField(_("쓴 때"))
    title = models.TextField(_("제목"))
    body = models.TextField(_("본문"))

    class Meta:
        indexes = [
            models.Index(fields=["created_at", "post"], name="search_post_by_date"),
            models.Index(fields=["board", "created_at", "post"], name="search_post_by_board"),
        ]
        verbose_name = pgettext_lazy("model", "글 검색 색인")
        verbose_name_plural = pgettext_lazy("plural", "글 검색 색인")

    def __str__(self) -> str:
        return f"entry of post {self.pk}"


class CommentEntry(models.Model):
    comment = models.OneToOneField(
        Comment,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("댓글"),
    )
    # Deleting a post deletes its comments, and their entries with them.
    post = models.ForeignKey(
        Post, on_delete=models.DO_NOTHING, related_name="+", db_index=False, verbose_name=_("글")
    )
    board = models.ForeignKey(
        Board,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_index=False,
        verbose_name=_("게시판"),
    )
    created_at = models.DateTimeField(_("쓴 때"))
    body = models.TextField(_("본문"))

    class Meta:
        indexes = [
            models.Index(fields=["created_at", "comment"], name="search_comment_by_date"),
            models.Index(fields=["board", "created_at", "comment"], name="search_comment_by_board"),
        ]
        verbose_name = pgettext_lazy("model", "댓글 검색 색인")
        verbose_name_plural = pgettext_lazy("plural", "댓글 검색 색인")

    def __str__(self) -> str:
        return f"entry of comment {self.pk}"
