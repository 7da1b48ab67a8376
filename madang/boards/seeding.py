"""Synthetic volume for benchmarks: millions of posts, bulk-loaded.

PostgreSQL takes rows through COPY; SQLite through executemany in large
transactions. Titles and bodies are assembled from Korean phrase lists written
for this project, dates rise with the post numbers, and the authors are a few
thousand synthetic references (no members are created). Counters and page
anchors are laid once at the end.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from madang.boards.models import Board, Category, Post
from madang.boards.paging import refresh_page_anchors

SUBJECTS = [
    "오늘 출근길",
    "동네 빵집",
    "새로 나온 라면",
    "주말 등산",
    "회사 점심",
    "고양이 사진",
    "지하철 2호선",
    "편의점 신상",
    "겨울 패딩",
    "자취방 정리",
    "드라마 결말",
    "야구 중계",
    "택배 지연",
    "전기 요금",
    "카페 신메뉴",
    "중고 거래",
    "여름 휴가",
    "비 오는 날",
    "새 학기",
    "운동 루틴",
    "배달 음식",
    "이사 준비",
    "한강 산책",
    "도서관 자리",
    "아침 운동",
    "동네 축제",
    "버스 노선",
    "휴대폰 요금",
    "집들이 선물",
]
ENDINGS = [
    "후기",
    "근황",
    "정리해 봄",
    "어떻게 생각해?",
    "진짜 놀람",
    "공유합니다",
    "질문 있어요",
    "알아두면 좋은 것",
    "모음.jpg",
    "보고 웃음",
    "실화냐",
    "추천 부탁",
    "소식",
    "짧은 이야기",
    "비교해 봤어",
    "꿀팁",
]
SENTENCES = [
    "생각보다 괜찮아서 공유해요.",
    "다들 비슷한 경험 있으신가요?",
    "사진은 못 찍었는데 분위기 좋았어요.",
    "가격이 조금 올랐지만 만족합니다.",
    "다음에는 친구랑 같이 가 보려고요.",
    "혹시 더 좋은 방법 아시면 알려 주세요.",
    "오늘따라 사람이 많더라고요.",
    "기대 안 했는데 의외로 재밌었어요.",
    "정리하면 이렇습니다.",
    "결론은 그냥 집이 최고라는 것.",
    "이건 진짜 알아두면 쓸모 있어요.",
    "한 번쯤 가 볼 만합니다.",
]
COMMENT_CHUNK = 50_000
COMMENTS = [
    "ㅋㅋㅋ 공감",
    "좋은 정보 감사해요",
    "저도 그랬어요",
    "오 몰랐네",
    "추천 감사합니다",
    "헐 대박",
    "나만 그런 거 아니었구나",
]


def synthetic_refs(count: int) -> list[str]:
    return [hashlib.sha256(f"seed-author-{index}".encode()).hexdigest() for index in range(count)]


def _title(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(ENDINGS)}"


def _body(rng: random.Random) -> str:
    return "".join(f"<p>{rng.choice(SENTENCES)}</p>" for _ in range(rng.randint(1, 4)))


def post_rows(
    board: Board, categories: list[Category], start: int, count: int, rng: random.Random
) -> Iterator[tuple]:
    """Rows for boards_post, oldest first, numbers after ``start``, dates up to now."""
    now = timezone.now()
    first = now - timedelta(days=6 * 365)
    step = (now - first) / max(count, 1)
    refs = synthetic_refs(5000)
    for offset in range(count):
        number = start + offset + 1
        created: datetime = first + step * offset
        body = _body(rng)
        category = rng.choice(categories).pk if categories else None
        yield (
            board.pk,
            number,
            category,
            _title(rng),
            body,
            body,
            "",
            rng.choice(refs),
            Post.Status.PUBLISHED.value,
            created,
            None,
            rng.randint(0, 5000),
            0,
            0,
            0,
            False,
            False,
        )


POST_COLUMNS = (
    "board_id",
    "number",
    "category_id",
    "title",
    "body_source",
    "body_html",
    "source_url",
    "author_ref",
    "status",
    "created_at",
    "edited_at",
    "view_count",
    "comment_count",
    "last_comment_number",
    "scrap_count",
    "blinded",
    "comments_locked",
)
COMMENT_COLUMNS = (
    "post_id",
    "parent_id",
    "author_ref",
    "body",
    "status",
    "created_at",
    "edited_at",
    "blinded",
    "number",
)


def _load(table: str, columns: tuple[str, ...], rows: Iterator[tuple], batch: int = 20_000) -> int:
    loaded = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # the psycopg cursor behind Django's wrapper
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    loaded += 1
            return loaded
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= batch:
                cursor.executemany(sql, chunk)
                loaded += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            loaded += len(chunk)
    return loaded


def seed_board(
    *, board: Board, posts: int, comments_per_post: int = 0, seed: int = 1
) -> dict[str, int]:
    rng = random.Random(seed)
    categories = list(Category.objects.filter(board=board))
    with transaction.atomic():
        locked = Board.objects.select_for_update().get(pk=board.pk)
        start = locked.last_number
        loaded = _load("boards_post", POST_COLUMNS, post_rows(board, categories, start, posts, rng))
        Board.objects.filter(pk=board.pk).update(last_number=start + loaded)
        comments = 0
        if comments_per_post:
            comments = _seed_comments(board, start, comments_per_post, rng)
    refresh_page_anchors(board)
    _analyze()
    return {"posts": loaded, "comments": comments}


def _analyze() -> None:
    """Fresh planner statistics: without them, PostgreSQL reads 2.5 million new rows
    as an empty table and plans page 1 as a full scan (6 s instead of 2 ms here)."""
    with connection.cursor() as cursor:
        for table in ("boards_post", "comments_comment", "boards_pageanchor"):
            cursor.execute(f"ANALYZE {table}")


def _seed_comments(board: Board, start: int, per_post: int, rng: random.Random) -> int:
    """Comments in chunks of posts: reading ids and COPYing may not share one query."""
    refs = synthetic_refs(5000)
    last = Board.objects.values_list("last_number", flat=True).get(pk=board.pk)
    loaded = 0
    for low in range(start + 1, last + 1, COMMENT_CHUNK):
        ids = list(
            Post.objects.filter(board=board, number__gte=low, number__lt=low + COMMENT_CHUNK)
            .order_by("number")
            .values_list("pk", "created_at")
        )
        rows = (
            (
                post_id,
                None,
                rng.choice(refs),
                rng.choice(COMMENTS),
                "published",
                created + timedelta(minutes=index + 1),
                None,
                False,
                index + 1,
            )
            for post_id, created in ids
            for index in range(per_post)
        )
        loaded += _load("comments_comment", COMMENT_COLUMNS, rows)
    Post.objects.filter(board=board, number__gt=start).update(
        comment_count=per_post, last_comment_number=per_post
    )
    return loaded
