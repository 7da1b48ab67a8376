from __future__ import annotations

from bs4 import BeautifulSoup

from madang.boards.actions import set_post_status
from madang.boards.models import Post, Scrap
from madang.boards.scraps import toggle_scrap


def test_scrap_toggles_and_counts(client, board, make_post, make_member):
    post = make_post(board)
    member = make_member()
    client.force_login(member)
    response = client.post("/square/1/scrap", headers={"HX-Request": "true"})
    button = BeautifulSoup(response.content.decode(), "html.parser").select_one("button")
    assert button.get_text(strip=True) == "스크랩 (1)"
    assert button["aria-pressed"] == "true"
    assert Post.objects.get(pk=post.pk).scrap_count == 1
    client.post("/square/1/scrap")
    assert Post.objects.get(pk=post.pk).scrap_count == 0
    assert not Scrap.objects.exists()


def test_scrap_needs_a_login_and_a_post(client, board, make_post, member):
    make_post(board)
    assert client.post("/square/1/scrap")["Location"].startswith("/accounts/login/")
    client.force_login(member)
    assert client.get("/square/1/scrap").status_code == 405
    assert client.post("/square/9/scrap").status_code == 404


def test_my_scraps_list(client, board, make_post, member):
    kept = make_post(board, title="모아 둘 글")
    gone = make_post(board, title="사라질 글")
    toggle_scrap(member=member, post=kept)
    toggle_scrap(member=member, post=gone)
    set_post_status(post=gone, status=Post.Status.DELETED)
    client.force_login(member)
    page = client.get("/me/scraps/").content.decode()
    assert "모아 둘 글" in page and "사라질 글" not in page


def test_scraps_keep_only_the_day(board, make_post, member):
    toggle_scrap(member=member, post=make_post(board))
    assert not any(f.name == "created_at" for f in Scrap._meta.get_fields())
    assert Scrap.objects.get().scrapped_on is not None


def test_a_leaving_members_scraps_reads_and_filters_go_with_them(
    board, make_post, make_member, notice_kind
):
    from madang.accounts.actions import delete_member
    from madang.boards.actions import pin_notice
    from madang.boards.models import NoticeRead, ReadingPreferences
    from madang.boards.notices import mark_notices_read
    from madang.boards.preferences import save_preferences

    post, other = make_post(board), make_post(board)
    notice = pin_notice(post=post, kind=notice_kind, board=board)
    leaving, staying = make_member("leaving"), make_member("staying")
    for member in (leaving, staying):
        toggle_scrap(member=member, post=post)
        mark_notices_read(member=member, notices=[notice])
        save_preferences(member=member, excluded_categories=[], muted_words="광고")
    toggle_scrap(member=leaving, post=other)
    delete_member(member=leaving)
    assert Post.objects.get(pk=post.pk).scrap_count == 1
    assert Post.objects.get(pk=other.pk).scrap_count == 0
    assert Scrap.objects.count() == NoticeRead.objects.count() == 1
    assert ReadingPreferences.objects.count() == 1
