"""Pages go compressed where the browser asks (brotli, else gzip), whole and as rendered."""

from __future__ import annotations

import gzip
import random
import re

import brotli
import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from madang.boards import actions
from madang.core.compression import brotli_padded, chosen_encoding, compress
from madang.core.staticfiles import BROTLI_QUALITY, StaticStorage

_TEXT = (
    "오늘 어제 정말 그냥 진짜 회사 점심 메뉴 추천 부탁 드립니다 동네 고양이 사진 후기 여행 "
    "부산 제주 날씨 비가 와서 출근길 지하철 사람 많네요 주말 영화 봤는데 생각보다 괜찮았어요 "
    "질문 있습니다 혹시 아시는 분 노트북 모니터 키보드 새로 샀어요 커피 라면 김치찌개 운동 "
    "헬스 다이어트 실패 ㅋㅋㅋ 이거 보세요 뉴스 정치 경제 야구 축구 게임 업데이트 소식"
)
WORDS = _TEXT.split(" ")


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


@pytest.fixture
def busy_board(board, make_post, make_comment, notice_kind, make_member):
    """A board page as a Korean community shows it: a full page of rows, three notices,
    and a post with a long body and thirty comments."""
    rng = random.Random(7)
    categories = list(board.categories.all())
    posts = [
        make_post(
            board,
            title=sentence(rng, rng.randint(3, 9)),
            category=rng.choice(categories),
            body="".join(f"<p>{sentence(rng, 25)}</p>" for _ in range(8)),
        )
        for _ in range(35)
    ]
    for post in posts[:3]:
        actions.pin_notice(post=post, kind=notice_kind, board=board)
    post = posts[-1]
    writers = [make_member() for _ in range(5)]
    for index in range(30):
        make_comment(post, body=sentence(rng, rng.randint(5, 25)), author=writers[index % 5])
    return post


def test_a_page_comes_back_in_brotli_and_decodes_to_the_same_page(client, busy_board):
    plain = client.get("/square/")
    packed = client.get("/square/", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "br"
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content)
    assert _without_token(brotli.decompress(packed.content)) == _without_token(plain.content)


def test_a_page_comes_back_in_gzip_where_brotli_is_not_asked(client, busy_board):
    plain = client.get("/square/35")
    packed = client.get("/square/35", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert _without_token(gzip.decompress(packed.content)) == _without_token(plain.content)


def test_the_list_and_the_post_shrink_to_a_fraction(client, busy_board):
    sizes = {}
    for path in ("/square/", "/square/35"):
        plain = client.get(path)
        packed = client.get(path, HTTP_ACCEPT_ENCODING="br")
        sizes[path] = (len(plain.content), len(packed.content))
    # The figures: about 19 KB and 25 to 31 KB, to about 4 and 6 KB.
    (list_plain, list_packed), (post_plain, post_packed) = sizes.values()
    assert 15_000 < list_plain < 30_000 and list_packed < 6_000, sizes
    assert 20_000 < post_plain < 45_000 and post_packed < 8_000, sizes


def test_cached_pages_are_compressed_too(client, busy_board):
    client.get("/square/")  # rendered and kept
    again = client.get("/square/", HTTP_ACCEPT_ENCODING="br")
    assert again["X-Madang-Cache"] == "hit"
    assert again["Content-Encoding"] == "br"


def test_no_accept_encoding_gives_the_plain_page(client, busy_board):
    response = client.get("/square/")
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<!doctype html>")
    refused = client.get("/square/", HTTP_ACCEPT_ENCODING="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in refused


def test_the_live_path_and_streams_are_never_compressed(client, db):
    live = client.get("/live/square/1", HTTP_ACCEPT_ENCODING="br, gzip")
    assert "Content-Encoding" not in live
    request = RequestFactory().get("/live/square/1", HTTP_ACCEPT_ENCODING="br, gzip")
    events = StreamingHttpResponse(
        (f"data: {index}\n\n" * 50 for index in range(3)), content_type="text/event-stream"
    )
    assert "Content-Encoding" not in compress(request, events)
    assert b"".join(events.streaming_content).startswith(b"data: 0")


def test_pictures_and_small_answers_stay_as_they_are(rf):
    request = rf.get("/", HTTP_ACCEPT_ENCODING="br")
    picture = compress(request, HttpResponse(b"\x89PNG" + bytes(5000), content_type="image/png"))
    assert "Content-Encoding" not in picture
    small = compress(request, HttpResponse(b"<p>hi</p>", content_type="text/html"))
    assert "Content-Encoding" not in small


def test_a_strong_etag_becomes_weak_once_compressed(rf):
    response = HttpResponse("<p>본문</p>" * 200, content_type="text/html")
    response["ETag"] = '"abc"'
    packed = compress(rf.get("/", HTTP_ACCEPT_ENCODING="gzip"), response)
    assert packed["ETag"] == 'W/"abc"'


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", None),
        ("identity", None),
        ("gzip", "gzip"),
        ("gzip, deflate, br", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("br;q=0", None),
        ("*", "br"),
        ("*;q=0, gzip", "gzip"),
        ("GZIP;q=bad", None),
    ],
)
def test_the_encoding_follows_the_header_weights(header, expected):
    assert chosen_encoding(header) == expected


def test_brotli_lengths_vary_but_always_decode():
    page = ("<tr><td>같은 줄</td></tr>" * 400).encode()
    packed = [brotli_padded(page) for _ in range(40)]
    assert all(brotli.decompress(each) == page for each in packed)
    assert len({len(each) for each in packed}) > 10  # a length says little about the page


def _without_token(content: bytes) -> bytes:
    """The page with its CSRF tokens out: Django masks each answer's afresh."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def test_static_files_get_brotli_copies_at_a_quick_quality():
    data = (b"body { word-break: keep-all; }\n" * 300) + bytes(range(256)) * 4
    packed = StaticStorage().create_compressor().compress_brotli(data)
    assert brotli.decompress(packed) == data
    assert packed == brotli.compress(data, quality=BROTLI_QUALITY)
    assert packed != brotli.compress(data)  # not the default's (quality 11)


def test_a_compressed_feed_still_answers_304_to_its_weak_etag(client, busy_board):
    first = client.get("/feeds/square.atom", HTTP_ACCEPT_ENCODING="br")
    assert first["Content-Encoding"] == "br"
    assert first["ETag"].startswith('W/"')
    again = client.get(
        "/feeds/square.atom", HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304
