"""The writing gate and the same article posted again: the writer is shown the earlier
posts, and may still post where the board only warns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions
from madang.boards.models import Duplicates, Post
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.news.keeping import keep_post
from madang.news.links import digest
from madang.news.models import LinkPreview
from madang.news.normalize import link_key
from madang.writing import submit
from madang.writing.gate import Refusal

ARTICLE = "https://www.hanbit-ilbo.example/news/articleView.html?idxno=40213"
TITLE = "한빛시, 내년부터 시내버스 요금 200원 인상"


@pytest.fixture
def writer(make_member):
    return make_member("second-writer")


def post(member, board, title=TITLE, source_url="", body="<p>본문입니다.</p>", **extra):
    written, _cleared = submit.write_post(
        member=member, board=board, title=title, body=body, source_url=source_url, **extra
    )
    return written


def refused(member, board, **fields) -> Refusal:
    with pytest.raises(Refusal) as caught:
        post(member, board, **fields)
    return caught.value


def test_the_same_link_in_another_shape_is_the_same_article(board, member, writer):
    first = post(member, board, title="버스 요금 오른대요", source_url=ARTICLE)
    mobile = "https://m.hanbit-ilbo.example/news/articleView.html?idxno=40213&utm_source=kakao"
    refusal = refused(writer, board, title="시내버스 요금 인상 소식", source_url=mobile)
    assert refusal.status == 409
    assert [earlier.post.pk for earlier in refusal.duplicates] == [first.pk]
    assert refusal.duplicates[0].same_link
    assert refusal.may_post_anyway
    second = post(
        writer, board, title="시내버스 요금 인상 소식", source_url=mobile, duplicates_seen=True
    )
    assert second.pk != first.pk


def test_a_link_alone_on_a_line_of_the_body_counts(board, member, writer):
    post(member, board, title="이거 보셨어요", body=f'<div><a href="{ARTICLE}">{ARTICLE}</a></div>')
    refusal = refused(writer, board, title="버스비 인상", source_url=ARTICLE)
    assert refusal.duplicates[0].same_link


def test_a_nearly_identical_title_is_the_same_article(board, member, writer):
    first = post(member, board)
    refusal = refused(writer, board, title=f"[속보] {TITLE}")
    assert [earlier.post.pk for earlier in refusal.duplicates] == [first.pk]
    assert not refusal.duplicates[0].same_link


def test_a_follow_up_is_another_story(board, member, writer):
    post(member, board)
    follow_up = post(writer, board, title=f"{TITLE}…시민단체 반발")
    assert follow_up.status == Post.Status.PUBLISHED
    update = post(writer, board, title=f"(2보) {TITLE}")
    assert update.status == Post.Status.PUBLISHED


def test_a_board_that_refuses_lets_nobody_post_it_again(board, member, writer):
    board.duplicates = Duplicates.REFUSE
    board.save()
    post(member, board, source_url=ARTICLE)
    refusal = refused(writer, board, title="다른 제목", source_url=ARTICLE, duplicates_seen=True)
    assert refusal.status == 409
    assert not refusal.may_post_anyway


def test_a_board_that_does_not_look_takes_it(board, member, writer):
    board.duplicates = Duplicates.OFF
    board.save()
    post(member, board, source_url=ARTICLE)
    assert post(writer, board, source_url=ARTICLE).pk


def test_only_the_boards_window_counts(board, member, writer):
    old = post(member, board, source_url=ARTICLE)
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=49))
    old.refresh_from_db()
    keep_post(old)  # as it was kept when it was written, two days ago
    assert post(writer, board, source_url=ARTICLE).pk
    other = post(member, board, title="요즘 버스 너무 비싸요")
    board.duplicate_window_hours = 1
    board.save()
    Post.objects.filter(pk=other.pk).update(created_at=timezone.now() - timedelta(hours=2))
    other.refresh_from_db()
    keep_post(other)
    assert post(writer, board, title="요즘 버스 너무 비싸요!").pk


def test_another_boards_post_is_not_a_copy(board, make_board, member, writer):
    post(member, make_board("other"), source_url=ARTICLE)
    assert post(writer, board, source_url=ARTICLE).pk


def test_a_silently_banned_writers_post_counts_for_them_alone(board, make_member, writer):
    troll = make_member("troll")
    ban_author(
        actor=None,
        author_ref=author_ref_for(troll.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    shadowed = post(troll, board, source_url=ARTICLE)
    assert shadowed.status == Post.Status.SHADOWED
    assert post(writer, board, source_url=ARTICLE).status == Post.Status.PUBLISHED
    again = refused(troll, board, title="또 올림", source_url=ARTICLE)
    assert {earlier.post.pk for earlier in again.duplicates} == {shadowed.pk, shadowed.pk + 1}


def test_a_deleted_or_hidden_post_counts_for_nobody(board, member, writer):
    gone = post(member, board, source_url=ARTICLE)
    actions.delete_post(post=gone)
    hidden = post(member, board, title="시내버스 요금 인상 확정")
    actions.set_post_status(post=hidden, status=Post.Status.HIDDEN)
    assert post(writer, board, source_url=ARTICLE).pk
    assert post(writer, board, title="[단독] 시내버스 요금 인상 확정", source_url="").pk


def test_the_canonical_address_of_a_portal_copy_matches_the_press(board, member, writer):
    portal = "https://n.news.naver.com/mnews/article/901/0000040213"
    first = post(member, board, title="버스 요금", source_url=portal)
    LinkPreview.objects.create(
        digest=digest(link_key(portal) or ""),
        url=portal,
        final_url=portal,
        canonical_url=ARTICLE,
        title=TITLE,
        state=LinkPreview.State.READY,
        fetched_at=timezone.now(),
    )
    keep_post(first)  # as the preview task does once the page is read
    refusal = refused(writer, board, title="요금 인상이라니", source_url=ARTICLE)
    assert [earlier.post.pk for earlier in refusal.duplicates] == [first.pk]
    assert refusal.duplicates[0].same_link


def test_the_writer_sees_the_earlier_posts_and_may_post_anyway(client, board, member, writer):
    first = post(member, board, source_url=ARTICLE)
    client.force_login(writer)
    category = board.categories.first()
    form = {
        "category": category.pk,
        "title": "버스 요금 또 올라요",
        "body": "<div>어휴</div>",
        "source_url": ARTICLE,
    }
    response = client.post(f"/{board.slug}/write", form)
    assert response.status_code == 409
    page = BeautifulSoup(response.content.decode(), "html.parser")
    shown = page.select(".duplicates a")
    assert [link["href"] for link in shown] == [first.get_absolute_url()]
    assert page.select_one('input[name="duplicates_seen"]') is not None
    assert page.select_one('input[name="title"]')["value"] == "버스 요금 또 올라요"
    done = client.post(f"/{board.slug}/write", {**form, "duplicates_seen": "1"})
    assert done.status_code == 302
    assert Post.objects.filter(board=board).count() == 2


def test_moderators_see_the_copies_of_their_boards(
    client, board, make_board, member, writer, make_member
):
    from madang.moderation.roles import appoint_moderator

    first = post(member, board, source_url=ARTICLE)
    copy = post(writer, board, title="버스비 인상", source_url=ARTICLE, duplicates_seen=True)
    elsewhere = make_board("elsewhere")
    post(member, elsewhere, source_url=ARTICLE)
    post(writer, elsewhere, title="버스비", source_url=ARTICLE, duplicates_seen=True)
    keeper = make_member("keeper")
    admin = make_member("site_admin", is_staff=True, is_superuser=True)
    appoint_moderator(actor=admin, member=keeper, board=board)
    client.force_login(keeper)
    page = BeautifulSoup(client.get("/mod/duplicates/").content.decode(), "html.parser")
    rows = page.select(".duplicates-desk tbody tr")
    assert len(rows) == 1  # their board's copy, not the other board's
    links = [link["href"] for link in rows[0].select("a")]
    assert links == [copy.get_absolute_url(), first.get_absolute_url()]
    assert "같은 링크" in rows[0].get_text()
    client.force_login(writer)
    assert client.get("/mod/duplicates/").status_code == 403


def test_an_edited_title_is_what_later_posts_are_compared_with(board, member, writer):
    first = post(member, board, title="시내버스 요금 200원 인상 확정")
    refused(writer, board, title="[속보] 시내버스 요금 200원 인상 확정")  # the window is built
    submit.edit_post(member=member, post=first, title="지하철 노선 개편안 공개", body="<p>본문</p>")
    assert post(writer, board, title="[속보] 시내버스 요금 200원 인상 확정").pk
    refusal = refused(writer, board, title="[단독] 지하철 노선 개편안 공개")
    assert [earlier.post.pk for earlier in refusal.duplicates] == [first.pk]
