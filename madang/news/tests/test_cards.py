"""Preview cards: a post's links fetched in the background (against local servers), the
page's picture re-encoded by the media pipeline, and the card under the post."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from madang.boards.models import Post
from madang.news.models import LinkPreview, PostLink
from madang.news.previews import fetch_previews
from madang.writing import submit

PAGE = """<!doctype html><html><head><meta charset="{charset}">
<title>{title} : 한빛일보</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="한빛일보">
<meta property="og:description" content="내년 1월부터 시내버스 기본요금이 200원 오른다.">
<meta property="og:image" content="/photo.png">
</head><body><p>기사 본문</p></body></html>"""
TITLE = "한빛시, 내년부터 시내버스 요금 인상"


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 400), (40, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def article(web, settings):
    settings.MADANG_LINK_PREVIEWS = True
    web.page("/article", PAGE.format(charset="utf-8", title=TITLE))
    web.page("/photo.png", png(), content_type="image/png")
    return web.url("/article")


def cards(response) -> list:
    return BeautifulSoup(response.content.decode(), "html.parser").select(".link-card")


def write(member, board, source_url="", body="<p>본문</p>", title="버스 요금 오른대요", **extra):
    post, _ = submit.write_post(
        member=member, board=board, title=title, body=body, source_url=source_url, **extra
    )
    return post


def test_a_post_with_a_source_shows_the_articles_card(
    client, board, member, article, web, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=article)
    [card] = cards(client.get(post.get_absolute_url()))
    assert card["href"] == article
    assert card.select_one(".link-card-title").get_text() == TITLE
    assert card.select_one(".link-card-site").get_text() == "한빛일보"
    assert "200원" in card.select_one(".link-card-description").get_text()
    picture = card.select_one("img")
    assert picture["src"].startswith("/media/m/")  # made here, never the site's address
    assert "news.example" not in picture["src"]
    assert web.paths() == ["/article", "/photo.png"]
    assert "cookie" not in web.requests[0].headers


def test_a_link_alone_on_a_line_of_the_body_gets_a_card(
    client, board, member, article, django_capture_on_commit_callbacks
):
    body = f'<div>이거 보세요<br><a href="{article}">{article}</a></div>'
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, body=body)
    assert len(cards(client.get(post.get_absolute_url()))) == 1


def test_a_korean_site_in_euc_kr_is_read_right(
    client, board, member, web, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_LINK_PREVIEWS = True
    title = "똠방각하, 햏자 모임에 샾 기호 논란"  # CP949 syllables beyond EUC-KR proper
    web.page(
        "/old",
        PAGE.format(charset="euc-kr", title=title).encode("cp949"),
        content_type="text/html; charset=euc-kr",
    )
    web.page("/photo.png", png(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=web.url("/old"))
    [card] = cards(client.get(post.get_absolute_url()))
    assert card.select_one(".link-card-title").get_text() == title


def test_two_posts_of_one_link_fetch_it_once(
    board, make_member, article, web, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(make_member("one"), board, source_url=article)
    with django_capture_on_commit_callbacks(execute=True):
        write(make_member("two"), board, source_url=article, title="또", duplicates_seen=True)
    assert web.paths().count("/article") == 1
    assert LinkPreview.objects.count() == 1
    assert PostLink.objects.filter(preview__isnull=False).count() == 2


def test_a_refused_address_makes_no_card_and_is_not_tried_again(
    client, board, member, other_web, settings, names, django_capture_on_commit_callbacks
):
    settings.MADANG_LINK_PREVIEWS = True
    other_web.page("/article", PAGE.format(charset="utf-8", title=TITLE))
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=other_web.url("/article"))
    preview = LinkPreview.objects.get()
    assert preview.state == LinkPreview.State.FAILED
    assert preview.error in ("port", "address")
    assert preview.attempts == 1
    assert other_web.paths() == []
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert cards(response) == []


def test_a_failing_site_is_tried_again_then_given_up(
    board, member, web, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_LINK_PREVIEWS = True
    web.page("/down", "잠시 후 다시", status=503)
    with django_capture_on_commit_callbacks(execute=True):
        write(member, board, source_url=web.url("/down"))
    assert web.paths() == ["/down"] * 4  # the first try and three more (core/queue.py)
    preview = LinkPreview.objects.get()
    assert preview.state == LinkPreview.State.FAILED
    assert preview.error == "status"


def test_an_edit_asks_again_for_a_preview_older_than_an_hour(
    board, member, article, web, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=article)
    web.page("/article", PAGE.format(charset="utf-8", title=TITLE + " (고침)"))
    with django_capture_on_commit_callbacks(execute=True):
        submit.edit_post(
            member=member, post=post, title="고침", body="<p>본문</p>", source_url=article
        )
    assert web.paths().count("/article") == 1  # fresh: a small edit asks nothing
    LinkPreview.objects.update(fetched_at=timezone.now() - timedelta(hours=2))
    post.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit.edit_post(
            member=member, post=post, title="또 고침", body="<p>본문</p>", source_url=article
        )
    assert web.paths().count("/article") == 2
    assert LinkPreview.objects.get().title == TITLE + " (고침)"


def test_the_cached_page_shows_the_card_once_it_arrives(
    client, board, member, article, settings, django_capture_on_commit_callbacks
):
    settings.MADANG_LINK_PREVIEWS = False  # the worker has not come round yet
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=article)
    assert cards(client.get(post.get_absolute_url())) == []
    assert client.get(post.get_absolute_url())["X-Madang-Cache"] == "hit"
    settings.MADANG_LINK_PREVIEWS = True
    with django_capture_on_commit_callbacks(execute=True):
        fetch_previews.call(post.pk)
    assert len(cards(client.get(post.get_absolute_url()))) == 1


def test_a_blinded_post_shows_no_card(
    board, member, make_member, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = write(member, board, source_url=article)
    Post.objects.filter(pk=post.pk).update(blinded=True)
    reader = Client()
    reader.force_login(make_member("reader"))
    assert cards(reader.get(post.get_absolute_url())) == []


def test_cards_are_not_looked_for_on_a_post_whose_only_links_are_its_pictures(
    board, member, client
):
    # A picture in a body opens its original through a link to the site's own media:
    # no preview can be made of it, and such a post's page asks for none.
    picture = (
        '<figure class="media media-picture"><a href="/media/m/ab/abc/original.jpg"'
        ' class="media-open"><img src="/media/m/ab/abc/w480.webp" alt=""></a></figure>'
    )
    post = write(member, board, body="<p>사진 한 장</p>")
    Post.objects.filter(pk=post.pk).update(body_html=f"<p>사진 한 장</p>{picture}")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.get_absolute_url()).status_code == 200
    assert not [query for query in queries if "news_postlink" in query["sql"]]


def test_a_link_to_another_site_in_the_body_is_looked_for(board, member, client):
    post = write(member, board, body='<p>여기 <a href="https://example.com/a">링크</a></p>')
    with CaptureQueriesContext(connection) as queries:
        assert client.get(post.get_absolute_url()).status_code == 200
    assert [query for query in queries if "news_postlink" in query["sql"]]
