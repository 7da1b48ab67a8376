"""Pictures and GIFs from a member's files, in real browsers: into a post through the
editor, and under a comment through the comment form's picture button."""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path

import pytest

from madang.boards.models import Post
from madang.comments.models import Comment
from madang.core import queue
from madang.media import processing
from madang.media.models import Media
from madang.media.tests import samples
from madang.testing import shoot

# The conversion runs when the upload commits (the suite runs tasks at once).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pictures of the yard"
BODY = "document.querySelector('input[name=body]').value"
PLAYER = "document.querySelector('.post-body video[data-autoplay]')"


@pytest.fixture(autouse=True)
def _one_upload_at_a_time(monkeypatch):
    """The editor sends two uploads at once. On the embedded default each server thread
    has its own connection, but the test's live server hands its threads one shared
    connection to the in-memory database, where two uploads' transactions would
    interleave ("no such savepoint"): here they take turns."""
    from madang.media import views as media_views

    turns = threading.Lock()
    upload = media_views.upload_file

    def in_turn(**kwargs):
        with turns:
            return upload(**kwargs)

    monkeypatch.setattr(media_views, "upload_file", in_turn)


@pytest.fixture
def writer(make_member):
    member = make_member("picture_writer")
    member.set_password(PASSWORD)
    member.save()
    return member


def logged_in(browser, live_server, username: str):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("link", name="내 정보").wait_for()
    return context, page


def files(folder: Path) -> dict[str, Path]:
    made = {
        "photo.jpg": samples.picture((1200, 800)),
        "second.jpg": samples.picture((640, 480)),
        "cat.gif": samples.gif((320, 240), frames=30),
        "notes.txt": "장보기 목록".encode(),
    }
    for name, data in made.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in made}


def choose(page, button, *paths: Path) -> None:
    with page.expect_file_chooser() as chosen:
        button.click()
    chosen.value.set_files(list(paths))


def wait_until_loaded(page, image: str) -> None:
    """Waits until the picture ``image`` (a selector) has really arrived."""
    page.wait_for_function(
        f"() => {{ const i = document.querySelector({image!r}); "
        "return i && i.complete && i.naturalWidth > 0; }"
    )


def hold_uploads(page):
    """Holds each upload at the browser until ``release`` is called: time to look."""
    held = []
    page.route("**/square/upload", lambda route: held.append(route))

    def release() -> None:
        page.unroute("**/square/upload")
        for route in held:
            with contextlib.suppress(Exception):  # aborted by the page: nothing to send
                route.continue_()
        held.clear()

    return release


def attachment_attributes(page) -> list[dict[str, object]]:
    """The attributes of each attachment in the body the form sends."""
    found = page.evaluate(
        f"""() => [...new DOMParser().parseFromString({BODY}, 'text/html')
              .querySelectorAll('figure[data-trix-attachment]')]
              .map((figure) => figure.getAttribute('data-trix-attachment'))"""
    )
    return [json.loads(attributes) for attributes in found]


def test_a_photo_and_a_gif_upload_with_progress_and_show_in_the_post(
    browser, live_server, board, writer, tmp_path
):
    sample = files(tmp_path)
    context, page = logged_in(browser, live_server, "picture_writer")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sent: list[bytes] = []
    page.on(
        "request", lambda r: sent.append(r.post_data_buffer or b"") if "upload" in r.url else None
    )
    # Playwright takes over file choosers only while someone listens: keep listening, so
    # that none opened by a key press slips past between two waits.
    page.on("filechooser", lambda chooser: None)
    page.goto(f"{live_server.url}/square/write")
    page.get_by_label("카테고리").select_option(label="유머")
    page.get_by_label("제목").fill("마당의 고양이")
    editor = page.locator("trix-editor")
    editor.click()
    editor.type("오늘 찍은 사진입니다.")
    editor.press("Enter")
    pick = page.get_by_role("button", name="사진·동영상")

    # A file that is no picture is refused in the browser, with words to say why.
    choose(page, pick, sample["notes.txt"])
    page.locator(".upload-error", has_text="사진과 동영상만").wait_for()
    assert editor.locator("figure").count() == 0

    release = hold_uploads(page)
    # The button is reached from the keyboard too.
    pick.focus()
    with page.expect_file_chooser() as chosen:
        page.keyboard.press("Enter")
    chosen.value.set_files([sample["photo.jpg"], sample["second.jpg"], sample["cat.gif"]])
    page.wait_for_function("() => document.querySelectorAll('trix-editor progress').length === 3")
    page.wait_for_function("() => document.querySelectorAll('trix-editor figure img').length === 3")
    assert page.get_by_role("button", name="올리기").is_disabled()
    assert page.locator("[data-upload-wait]").is_visible()
    shoot(page, "write-uploading", caret="initial")

    # The second picture is taken out while it is still on its way: its upload stops.
    editor.locator("figure").nth(1).click()
    editor.locator(".attachment__toolbar button[data-trix-action=remove]").click()
    page.wait_for_function("() => document.querySelectorAll('trix-editor figure').length === 2")
    release()

    # Done: the server's keys are in the body that goes with the form, the names are not.
    page.wait_for_function("() => !document.querySelector('trix-editor progress')")
    page.wait_for_function(f"() => ({BODY}.match(/&quot;media&quot;/g) || []).length === 2")
    keys = [attributes["media"] for attributes in attachment_attributes(page)]
    assert len(keys) == 2 and Media.objects.filter(key__in=keys).count() == 2
    assert Media.objects.count() == 2  # the upload taken out never reached the server
    body = page.locator("input[name=body]").input_value()
    assert "photo.jpg" not in body and "cat.gif" not in body and "filesize" not in body
    assert sent and not any(b"photo.jpg" in data or b"cat.gif" in data for data in sent)
    assert not page.locator(".attachment__name").count()
    assert page.get_by_role("button", name="올리기").is_enabled()
    shoot(page, "write-uploaded", caret="initial")

    page.get_by_role("button", name="올리기").click()
    page.locator("h1.post-title", has_text="마당의 고양이").wait_for()
    assert Post.objects.get(title="마당의 고양이").media.count() == 2

    picture = page.locator(".post-body figure.media-picture img")
    picture.scroll_into_view_if_needed()
    assert picture.get_attribute("srcset")
    wait_until_loaded(page, ".post-body figure.media-picture img")
    video = page.locator(".post-body figure.media-animation video[data-autoplay]")
    video.scroll_into_view_if_needed()
    page.wait_for_function(f"() => !{PLAYER}.paused && {PLAYER}.currentTime > 0.2")
    # The reader may stop it (a click, or a key on it) and start it again.
    video.press(" ")
    page.wait_for_function(f"() => {PLAYER}.paused")
    video.click()
    page.wait_for_function(f"() => !{PLAYER}.paused")
    assert page.locator(".post-body .media-original", has_text="GIF 원본").count() == 1
    # Off screen, it rests; back on screen, it plays again.
    page.set_viewport_size({"width": 1280, "height": 500})
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function(f"() => {PLAYER}.paused")
    video.scroll_into_view_if_needed()
    page.wait_for_function(f"() => !{PLAYER}.paused")
    shoot(page, "post-with-media")
    page.emulate_media(color_scheme="dark")
    shoot(page, "post-with-media-dark")
    assert errors == []

    # A reader who asked for less motion gets a still picture and the player's controls.
    page.emulate_media(reduced_motion="reduce")
    page.reload()
    video.scroll_into_view_if_needed()
    page.wait_for_function(f"() => {PLAYER}.controls")
    page.wait_for_timeout(500)
    assert page.evaluate(f"{PLAYER}.paused")
    context.close()


def test_a_gif_kept_as_a_gif_and_a_picture_under_a_comment(
    browser, live_server, board, writer, make_post, tmp_path
):
    sample = files(tmp_path)
    post = make_post(board, title="움짤 모음", author=writer)
    context, page = logged_in(browser, live_server, "picture_writer")

    # GIF 유지: the GIF goes up as it is.
    page.goto(f"{live_server.url}/square/write")
    page.get_by_label("GIF 유지").check()
    choose(page, page.get_by_role("button", name="사진·동영상"), sample["cat.gif"])
    page.wait_for_function(f"() => {BODY}.includes('media')")
    media = Media.objects.get()
    assert media.keep_gif and "video" not in media.files

    # A comment with a picture: a preview, a way to take it back, and the picture shown.
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    form = page.locator("#comment-form-slot form")
    choose(page, form.get_by_role("button", name="사진", exact=True), sample["second.jpg"])
    form.locator("[data-picture-preview] img").wait_for()
    page.wait_for_function("() => document.querySelector('input[name=picture]').value")
    form.get_by_role("button", name="사진 빼기").click()
    assert form.locator("input[name=picture]").input_value() == ""
    choose(page, form.get_by_role("button", name="사진", exact=True), sample["photo.jpg"])
    page.wait_for_function("() => document.querySelector('input[name=picture]').value")
    key = form.locator("input[name=picture]").input_value()
    page.emulate_media(color_scheme="dark")
    shoot(page, "comment-picture-picked-dark")
    page.emulate_media(color_scheme="light")
    # A picture alone is a comment.
    form.get_by_role("button", name="댓글 달기").click()
    page.locator("#comment-list .comment-picture img").wait_for()
    wait_until_loaded(page, "#comment-list .comment-picture img")
    comment = Comment.objects.get()
    assert comment.picture is not None and comment.picture.key == key
    assert page.locator("#comment-form-slot input[name=picture]").input_value() == ""
    page.locator("#comment-form-slot").get_by_role("button", name="사진", exact=True).wait_for()
    shoot(page, "comment-picture")
    context.close()


def test_a_picture_still_being_made_shows_when_it_is_ready(
    browser, live_server, board, writer, tmp_path, monkeypatch
):
    """As in production, where a worker converts: the editor shows the writer's own copy,
    the post a note, and the picture replaces the note once it is made."""
    sample = files(tmp_path)
    held: list[int] = []
    enqueue = queue.enqueue

    def hold_conversions(task, *args, **kwargs):
        if task is processing.process_media:
            held.append(args[0])
        else:
            enqueue(task, *args, **kwargs)

    monkeypatch.setattr(queue, "enqueue", hold_conversions)
    context, page = logged_in(browser, live_server, "picture_writer")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/square/write")
    page.get_by_label("제목").fill("아직 만드는 중")
    page.locator("trix-editor").click()
    choose(page, page.get_by_role("button", name="사진·동영상"), sample["photo.jpg"])
    page.wait_for_function(f"() => {BODY}.includes('media')")
    # The writer's own copy, from their file, stands in meanwhile.
    page.wait_for_function(
        "() => { const i = document.querySelector('trix-editor figure img');"
        " return i && i.src.startsWith('blob:') && i.naturalWidth > 0; }"
    )
    assert held and Media.objects.get().state == Media.State.PENDING

    # Refused (no category): the form comes back holding the upload, shown as a box.
    page.get_by_role("button", name="올리기").click()
    page.locator(".field.has-error select").wait_for()
    page.locator("trix-editor figure.attachment--file").wait_for()
    errors.remove(next(e for e in errors if "400" in e))  # the refused form's own answer
    assert not page.locator("trix-editor figure img").count()
    shoot(page, "write-pending-returned", caret="initial")
    page.get_by_label("카테고리").select_option(label="유머")
    page.get_by_role("button", name="올리기").click()
    page.locator(".post-body figure.media-pending", has_text="처리 중").wait_for()
    shoot(page, "post-media-pending")

    for media_id in held:
        processing.run(media_id)
    page.locator(".post-body figure.media-picture img").wait_for(timeout=15_000)
    wait_until_loaded(page, ".post-body figure.media-picture img")
    assert not page.locator(".post-body figure.media-pending").count()
    assert errors == []
    context.close()
