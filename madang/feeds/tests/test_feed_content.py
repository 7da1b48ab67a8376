"""A post's body in a feed: the page's sanitized HTML, made to stand outside the site."""

from __future__ import annotations

import json
import re

import pytest

from madang.accounts.pseudonym import author_ref_for
from madang.feeds.content import outside_html
from madang.media.models import Media

KEYS = iter(f"{index:022d}" for index in range(1000))


@pytest.fixture
def upload(member):
    """A ready upload of the writer's, with the files ``media/render.py`` shows."""

    def make(kind: str, roles: tuple[str, ...]) -> Media:
        key = next(KEYS)
        files = {
            role: {"name": f"m/{key}-{role}.bin", "width": 960, "height": 540, "bytes": 1}
            for role in roles
        }
        return Media.objects.create(
            key=key,
            author_ref=author_ref_for(member.pk),
            kind=kind,
            state=Media.State.READY,
            source_format="mp4" if kind != Media.Kind.IMAGE else "jpeg",
            source_bytes=1,
            width=960,
            height=540,
            files=files,
        )

    return make


def attachment(media: Media, caption: str = "") -> str:
    found = json.dumps({"media": media.key, "caption": caption})
    return f"<figure data-trix-attachment='{found}'></figure>"


def entry_html(read) -> str:
    return read("/feeds/square.atom").contents()[0]


def test_pictures_and_their_sizes_have_absolute_addresses(board, make_post, upload, read):
    picture = upload(Media.Kind.IMAGE, ("original", "w480", "w960"))
    make_post(board, body=f"<p>사진</p>{attachment(picture, '바다')}")
    html = entry_html(read)
    image = re.search(r"<img [^>]*>", html).group(0)
    assert f'src="http://testserver/media/m/{picture.key}-w960.bin"' in image
    srcset = re.search(r'srcset="([^"]*)"', image).group(1).split(", ")
    assert srcset == [
        f"http://testserver/media/m/{picture.key}-w480.bin 960w",
        f"http://testserver/media/m/{picture.key}-w960.bin 960w",
    ]
    assert f'href="http://testserver/media/m/{picture.key}-original.bin"' in html
    assert 'alt="바다"' in image and "<figcaption>바다</figcaption>" in html
    assert "loading=" not in html and "class=" not in html


def test_videos_play_with_their_own_controls(board, make_post, upload, read):
    video = upload(Media.Kind.VIDEO, ("video", "poster"))
    animation = upload(Media.Kind.ANIMATION, ("video", "poster", "gif"))
    make_post(board, body=attachment(video) + attachment(animation))
    players = re.findall(r"<video [^>]*>", entry_html(read))
    assert len(players) == 2
    for player, media in zip(players, (video, animation), strict=True):
        assert f'src="http://testserver/media/m/{media.key}-video.bin"' in player
        assert f'poster="http://testserver/media/m/{media.key}-poster.bin"' in player
        assert "controls" in player
        assert "data-" not in player and "preload" not in player
    assert 'loop=""' in players[1] and 'muted=""' in players[1]  # it plays like a GIF


def test_an_unfinished_upload_leaves_its_note_and_no_canvas(board, make_post, upload, read):
    pending = upload(Media.Kind.IMAGE, ())
    Media.objects.filter(pk=pending.pk).update(state=Media.State.PENDING)
    make_post(board, body=attachment(pending))
    html = entry_html(read)
    assert "<canvas" not in html and "data-media-pending" not in html
    assert "처리 중" in html


def test_a_youtube_address_is_a_link_without_the_player(board, make_post, read):
    make_post(board, body="<p>https://www.youtube.com/watch?v=abcdefghijk</p>")
    html = entry_html(read)
    assert '<a href="https://www.youtube.com/watch?v=abcdefghijk"' in html
    assert "<iframe" not in html and "youtube-nocookie" not in html


def test_scripts_and_handlers_never_reach_a_feed(board, make_post, read):
    make_post(
        board,
        title="<script>alert(1)</script>",
        body=(
            "<p>글<script>alert(1)</script></p><img src=x onerror=alert(2)>"
            '<a href="javascript:alert(3)">링크</a><a href="/square/">목록</a>'
            '<svg><script>alert(4)</script></svg><p style="color:red" onclick="x()">끝</p>'
        ),
    )
    feed = read("/feeds/square.atom")
    html = feed.contents()[0]
    for bad in ("<script", "onerror", "onclick", "javascript:", "<svg", "style=", "<img"):
        assert bad not in html
    assert '<a href="http://testserver/square/"' in html
    # The title is text: escaped by the XML writer, never markup.
    assert b"<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in feed.response.content


def test_addresses_already_absolute_stay_as_they_are():
    html = (
        '<img src="https://cdn.example.net/m/a.jpg" srcset="https://cdn.example.net/m/a.jpg 480w">'
        '<a href="mailto:desk@example.org">편지</a>'
    )
    cleaned = outside_html(html, "https://example.org/")
    assert 'src="https://cdn.example.net/m/a.jpg"' in cleaned
    assert 'srcset="https://cdn.example.net/m/a.jpg 480w"' in cleaned
    assert 'href="mailto:desk@example.org"' in cleaned


def test_a_srcset_with_an_address_of_another_kind_is_dropped():
    cleaned = outside_html(
        '<img src="/a.jpg" srcset="/a.jpg 1x, javascript:x 2x">', "https://e.org/"
    )
    assert cleaned == '<img src="https://e.org/a.jpg">'
