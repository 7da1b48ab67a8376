from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from madang.accounts.pseudonym import AUTHOR_REF_LENGTH
from madang.boards.slugs import validate_board_slug


class Access(models.TextChoices):
    """Who may read a board, write posts in it, or comment on them."""

    # "who", for the translators: the same words name a member, a moderator elsewhere.
    EVERYONE = "everyone", pgettext_lazy("who", "누구나")
    MEMBERS = "members", pgettext_lazy("who", "회원")
    SEASONED = "seasoned", _("가입한 지 정해진 날수가 지난 회원")
    MODERATORS = "moderators", pgettext_lazy("who", "게시판 관리자")
    STAFF = "staff", _("운영진")


class Duplicates(models.TextChoices):
    """What a board does with a post of an article it already holds."""

    OFF = "off", _("확인하지 않음")
    WARN = "warn", _("알리고 올릴 수 있게 함")
    REFUSE = "refuse", _("올리지 못하게 함")


class Board(models.Model):
    slug = models.CharField(_("주소"), max_length=40, unique=True, validators=[validate_board_slug])
    name = models.CharField(_("이름"), max_length=100)
    description = models.CharField(_("설명"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("순서"), default=0)
    # The highest post number ever given out. It only grows, so numbers are never reused.
    last_number = models.PositiveBigIntegerField(_("마지막 글 번호"), default=0, editable=False)
    # Published posts; with PageAnchor it numbers the pages without COUNT(*).
    post_count = models.PositiveIntegerField(_("글 수"), default=0, editable=False)
    comments_per_page = models.PositiveSmallIntegerField(_("쪽당 댓글 수"), default=100)
    max_body_length = models.PositiveIntegerField(_("본문 최대 글자 수"), default=200_000)
    posts_per_hour = models.PositiveSmallIntegerField(_("시간당 글 수 제한"), default=10)
    comments_per_hour = models.PositiveSmallIntegerField(_("시간당 댓글 수 제한"), default=60)
    read_access = models.CharField(
        pgettext_lazy("access", "읽기"),
        max_length=12,
        choices=Access.choices,
        default=Access.EVERYONE,
    )
    post_access = models.CharField(
        pgettext_lazy("access", "글쓰기"),
        max_length=12,
        choices=Access.choices,
        default=Access.MEMBERS,
    )
    comment_access = models.CharField(
        pgettext_lazy("access", "댓글 쓰기"),
        max_length=12,
        choices=Access.choices,
        default=Access.MEMBERS,
    )
    seasoned_days = models.PositiveSmallIntegerField(
        _("가입 후 지나야 할 날수"),
        default=7,
        help_text=_("'가입한 지 정해진 날수가 지난 회원'에게 허락할 때 셉니다."),
    )
    # Flood control (도배 방지), on top of the hourly limits.
    post_gap_seconds = models.PositiveSmallIntegerField(_("글 사이 최소 간격(초)"), default=30)
    comment_gap_seconds = models.PositiveSmallIntegerField(_("댓글 사이 최소 간격(초)"), default=3)
    edit_lock_comments = models.PositiveSmallIntegerField(
        _("이만큼 댓글이 달리면 고치기·지우기 잠금"),
        default=0,
        help_text=_("0이면 잠그지 않습니다."),
    )
    report_threshold = models.PositiveSmallIntegerField(
        _("가림 처리할 신고 수"),
        default=5,
        help_text=_("서로 다른 회원의 신고가 이만큼 쌓이면 검토 전까지 가립니다."),
    )
    list_thumbnails = models.BooleanField(
        _("목록에 썸네일"),
        default=False,
        help_text=_("사진이 있는 글의 목록 줄에 작은 사진을 보입니다."),
    )
    media_icons = models.BooleanField(
        _("목록에 사진·동영상 표시"),
        default=True,
        help_text=_("사진이나 동영상이 있는 글의 제목 옆에 작은 표시를 붙입니다."),
    )
    comment_pictures = models.BooleanField(
        _("댓글에 사진"), default=True, help_text=_("댓글마다 사진 한 장을 붙일 수 있습니다.")
    )
    # Votes and best posts (docs/hot.md).
    votes = models.BooleanField(_("추천 받기"), default=True)
    downvotes = models.BooleanField(_("비추천 받기"), default=False)
    best_min_votes = models.PositiveSmallIntegerField(
        _("베스트 최소 추천 수"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_(
            "추천에서 비추천을 뺀 수가 이만큼 되면 베스트가 됩니다. 글이 많은 게시판에서는"
            " 최근 7일 글의 상위 2퍼센트가 기준이 되어 더 높아질 수 있습니다."
        ),
    )
    # The threshold in force: best_min_votes, or more where the board's recent posts get
    # more votes (boards/best.py, recomputed by the hot-score job).
    best_threshold = models.PositiveIntegerField(_("지금 베스트 기준"), default=10, editable=False)
    # The best list numbers its posts as the board numbers its own, in the order they
    # became best; best_count, like post_count, counts the published ones.
    last_best_number = models.PositiveBigIntegerField(
        _("마지막 베스트 번호"), default=0, editable=False
    )
    best_count = models.PositiveIntegerField(_("베스트 글 수"), default=0, editable=False)
    hot_excluded = models.BooleanField(
        _("핫 게시판에서 빼기"),
        default=False,
        help_text=_("이 게시판의 글은 핫 게시판과 첫 화면의 인기 글에 오르지 않습니다."),
    )
    # The same article posted again (docs/news.md): the writer is told, or stopped.
    duplicates = models.CharField(
        _("같은 기사 다시 올리기"),
        max_length=10,
        choices=Duplicates.choices,
        default=Duplicates.WARN,
        help_text=_("같은 링크나 거의 같은 제목의 글이 이미 있을 때 어떻게 할지 정합니다."),
    )
    duplicate_window_hours = models.PositiveSmallIntegerField(
        _("같은 기사를 찾는 기간(시간)"),
        default=48,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 14)],
    )
    created_at = models.DateTimeField(_("만든 때"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = pgettext_lazy("model", "게시판")
        verbose_name_plural = pgettext_lazy("plural", "게시판")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/{self.slug}/"


class Category(models.Model):
    """A board's 말머리: the label before each title, also a filter of the list."""

    board = models.ForeignKey(
        Board, on_delete=models.CASCADE, related_name="categories", verbose_name=_("게시판")
    )
    slug = models.SlugField(_("주소"), max_length=40, allow_unicode=False)
    name = models.CharField(_("이름"), max_length=40)
    order = models.PositiveIntegerField(_("순서"), default=0)
    requires_source = models.BooleanField(_("출처 주소 필수"), default=False)
    hot_excluded = models.BooleanField(_("핫 게시판에서 빼기"), default=False)
    post_count = models.PositiveIntegerField(_("글 수"), default=0, editable=False)
    # Published best posts.
    best_count = models.PositiveIntegerField(_("베스트 글 수"), default=0, editable=False)

    class Meta:
        ordering = ["board", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["board", "slug"], name="category_unique_slug_per_board")
        ]
        verbose_name = pgettext_lazy("model", "카테고리")
        verbose_name_plural = pgettext_lazy("plural", "카테고리")

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("게시됨")
        HELD = "held", _("검토 대기")
        HIDDEN = "hidden", _("숨김")
        DELETED = "deleted", _("삭제됨")
        # A silently banned member's writing: shown to its author as usual, to nobody else.
        SHADOWED = "shadowed", _("글쓴이에게만 보임")

    board = models.ForeignKey(
        Board, on_delete=models.PROTECT, related_name="posts", verbose_name=_("게시판")
    )
    number = models.PositiveBigIntegerField(_("번호"), editable=False)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("카테고리"),
    )
    title = models.CharField(_("제목"), max_length=300)
    body_source = models.TextField(_("본문"), blank=True)
    body_html = models.TextField(_("본문 HTML"), blank=True, editable=False)
    source_url = models.URLField(_("출처"), max_length=2000, blank=True)
    # HMAC of the member id; never the id itself (see madang.accounts.pseudonym).
    author_ref = models.CharField(
        _("글쓴이 참조"), max_length=AUTHOR_REF_LENGTH, db_index=True, editable=False
    )
    status = models.CharField(
        _("상태"), max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("쓴 때"), default=timezone.now)
    edited_at = models.DateTimeField(_("고친 때"), null=True, blank=True)
    view_count = models.PositiveIntegerField(_("조회 수"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("댓글 수"), default=0, editable=False)
    # The highest comment number given out on this post; numbers are never reused.
    last_comment_number = models.PositiveIntegerField(
        _("마지막 댓글 번호"), default=0, editable=False
    )
    # The writer's submission it was made from (writing/idempotency.py): a retry is stored once.
    # NULL, not "", for none: rows without a key must not collide on the unique index.
    submission_key = models.CharField(  # noqa: DJ001
        _("제출 키"),
        max_length=32,
        null=True,
        unique=True,
        editable=False,
    )
    scrap_count = models.PositiveIntegerField(_("스크랩 수"), default=0, editable=False)
    # Enough distinct reports blind a post until a moderator looks at it.
    blinded = models.BooleanField(_("신고로 가림"), default=False)
    comments_locked = models.BooleanField(_("댓글 잠금"), default=False)
    # The uploads the body shows (boards/postmedia.py); what the list row shows of them.
    media = models.ManyToManyField(
        "media.Media", blank=True, related_name="posts", verbose_name=_("첨부 파일")
    )
    media_kinds = models.PositiveSmallIntegerField(
        _("첨부 종류"), default=0, db_default=0, editable=False
    )
    thumbnail = models.CharField(
        _("썸네일"), max_length=200, blank=True, db_default="", editable=False
    )
    # Counted votes (boards/votes.py): a silently banned voter's are kept but not counted.
    up_count = models.PositiveIntegerField(_("추천 수"), default=0, db_default=0, editable=False)
    down_count = models.PositiveIntegerField(
        _("비추천 수"), default=0, db_default=0, editable=False
    )
    # Its number in the board's best list, given once, when it first reached the threshold
    # (boards/best.py); None for a post that never did.
    best_number = models.PositiveBigIntegerField(
        _("베스트 번호"), null=True, blank=True, editable=False
    )

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
            models.Index(
                fields=["board", "best_number"],
                condition=Q(status="published", best_number__isnull=False),
                name="post_best_by_board",
            ),
        ]
        verbose_name = pgettext_lazy("model", "글")
        verbose_name_plural = pgettext_lazy("plural", "글")

    def __str__(self) -> str:
        return f"{self.board.slug}/{self.number}"

    def get_absolute_url(self) -> str:
        return f"/{self.board.slug}/{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
