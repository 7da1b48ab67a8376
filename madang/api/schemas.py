"""What the API answers and takes, as pydantic schemas (the OpenAPI document's).

No schema has a field for a member's id, username, e-mail or author reference:
authors are shown as the pages show them, by the one anonymous name, and a
comment by the post's author carries the mark the page gives it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from madang.boards.slugs import SLUG_PATTERN


class EarlierPost(Schema):
    board: str = Field(description="게시판 주소(slug)")
    number: int
    title: str
    url: str
    same_link: bool = Field(description="같은 링크 (아니면 거의 같은 제목)")


class Error(Schema):
    detail: str = Field(description="무엇이 잘못되었는지, 한국어로")
    retry_after: int | None = Field(None, description="429, 503: 몇 초 뒤에 다시 보낼지")
    errors: dict[str, list[str]] | None = Field(None, description="칸마다의 잘못 (422)")
    personal_data: list[PersonalData] | None = Field(
        None, description="글에서 찾은 개인정보 (422); mask_personal_data로 가리고 다시 보냅니다"
    )
    duplicates: list[EarlierPost] | None = Field(None, description="같은 기사를 먼저 올린 글 (409)")
    may_post_anyway: bool | None = Field(
        None,
        description="409: duplicates_seen을 참으로 다시 보내면 올라감 (알리기만 하는 게시판)",
    )


class PersonalData(Schema):
    kind: str
    label: str
    masked: str


class Access(Schema):
    read: str
    post: str
    comment: str


class CategoryOut(Schema):
    slug: str
    name: str
    requires_source: bool
    post_count: int


class CategoryRef(Schema):
    slug: str
    name: str


class BoardOut(Schema):
    slug: str
    name: str
    description: str
    url: str
    post_count: int
    votes: bool
    downvotes: bool
    access: Access


class BoardDetail(BoardOut):
    categories: list[CategoryOut]
    may_post: bool
    may_comment: bool
    comments_per_page: int
    max_body_length: int


class Author(Schema):
    name: str


class PostRow(Schema):
    board: str
    number: int
    url: str
    category: CategoryRef | None
    title: str = Field(description="가려진 글은 자리표시 문구")
    veiled: bool = Field(description="신고로 가려져 제목과 본문을 보일 수 없음")
    comment_count: int
    view_count: int
    up_count: int
    created_at: datetime
    mine: bool = Field(description="부른 회원이 쓴 글")


class PostOut(PostRow):
    status: Literal["published", "held", "hidden"] = Field(
        description="글쓴이(와 관리자)에게만 published 말고 다른 값이 보임"
    )
    author: Author
    body_html: str = Field(description="허용된 HTML만 남긴 본문; 가려진 글은 빈 문자열")
    source_url: str
    edited_at: datetime | None
    scrap_count: int
    down_count: int
    scrapped: bool | None = Field(description="회원: 스크랩했는지; 손님: null")
    my_vote: Literal["up", "down"] | None


class PostPage(Schema):
    posts: list[PostRow]
    total: int = Field(description="목록에 든 글 수 (회원이 숨긴 카테고리는 뺀 수)")
    per_page: int
    page: int | None = Field(description="번호 쪽: 이 쪽의 번호; before로 읽으면 null")
    last_page: int | None
    next_before: int | None = Field(description="다음(더 오래된) 쪽: ?before=이 값")


class Notice(Schema):
    kind: str
    site_wide: bool
    post: PostRow


class CommentOut(Schema):
    id: int
    parent_id: int | None
    number: int | None = Field(description="댓글 번호 (모두에게 같은 번호)")
    state: Literal["published", "held", "deleted", "hidden"]
    author: Author | None = Field(description="지워지거나 가려진 댓글은 null")
    by_post_author: bool = Field(description="글쓴이의 댓글 표시")
    body: str = Field(description="평문; 자리표시와 신고로 가려진 댓글은 빈 문자열")
    picture_html: str
    veiled: bool
    created_at: datetime | None = Field(description="지워지거나 가려진 댓글은 null")
    edited_at: datetime | None
    mine: bool


class CommentPage(Schema):
    comments: list[CommentOut] = Field(description="스레드 순서: 댓글 하나 뒤에 그 답글들")
    total: int = Field(description="부른 사람이 읽을 수 있는 댓글 수")
    has_older: bool = Field(description="더 오래된 스레드가 있음: ?before=oldest_thread_id")
    oldest_thread_id: int | None
    newest_id: int = Field(description="새 댓글 확인: ?after=이 값")


class HotPage(Schema):
    posts: list[PostRow]
    page: int
    last_page: int
    total: int


class SearchHit(Schema):
    post: PostRow
    title_html: str = Field(description="찾은 말을 <mark>로 감싼 제목 (나머지는 이스케이프)")
    excerpt_html: str
    comment_id: int | None = Field(description="댓글에서 찾았으면 그 댓글")


class SearchPage(Schema):
    hits: list[SearchHit]
    page: int
    last_page: int
    counted: int
    more: bool
    capped: bool


# The writing's submission token (writing/idempotency.py): the same UUID sent again with a
# retry stores the writing once and answers with what was stored.
SUBMISSION = Field(
    "",
    pattern=r"^(|[0-9a-fA-F-]{32,36})$",
    description="재시도해도 한 번만 올라가게 하는 UUID (보낼 때마다 새로, 재시도에는 같은 값)",
)


class PostIn(Schema):
    title: str = Field(max_length=300)
    body: str = Field("", description="HTML; 허용 목록 밖의 태그와 속성은 지워짐")
    category: str | None = Field(None, description="카테고리 주소(slug)")
    source_url: str = Field("", max_length=2000)
    mask_personal_data: bool = Field(False, description="찾은 개인정보를 가리고 올림")
    duplicates_seen: bool = Field(
        False, description="같은 기사를 먼저 올린 글(409)을 확인했고 그래도 올림"
    )
    submission: str = SUBMISSION


class CommentIn(Schema):
    body: str = Field(max_length=3000)
    parent: int | None = Field(None, ge=1, le=2**63 - 1, description="답글이면 그 댓글의 id")
    mask_personal_data: bool = False
    submission: str = SUBMISSION


class CommentEditIn(Schema):
    body: str = Field(max_length=3000)
    mask_personal_data: bool = False
    submission: str = SUBMISSION


class Written(Schema):
    status: Literal["published", "held"] = Field(
        description="held: 관리자가 살펴본 뒤 게시됨 (그때까지 글쓴이에게만 보임)"
    )


class PostWritten(Written):
    post: PostOut


class CommentWritten(Written):
    comment: CommentOut


class ScrapOut(Schema):
    scrapped: bool
    scrap_count: int


class VoteIn(Schema):
    value: Literal["up", "down"] = Field(description="같은 값을 다시 보내면 취소")


class VoteOut(Schema):
    my_vote: Literal["up", "down"] | None
    up_count: int
    down_count: int


class HiddenCategory(Schema):
    board: str = Field(pattern=rf"^{SLUG_PATTERN}$")
    category: str = Field(pattern=r"^[-a-zA-Z0-9_]{1,40}$")


class SettingsOut(Schema):
    hidden_categories: list[HiddenCategory]
    muted_words: list[str]


class SettingsIn(Schema):
    hidden_categories: list[HiddenCategory] = Field(default_factory=list, max_length=500)
    muted_words: list[str] = Field(default_factory=list, max_length=100)


class ScrapPage(Schema):
    posts: list[PostRow]
    page: int
    last_page: int


Error.model_rebuild()
