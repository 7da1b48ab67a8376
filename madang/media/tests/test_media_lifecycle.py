"""After an upload: what no writing holds is removed after its grace, a restored post
holds its own again, and a shadowed post's pictures stay out of everyone else's sight."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage
from django.test import Client
from django.utils import timezone

from madang.accounts.pseudonym import author_ref_for
from madang.boards import actions as board_actions
from madang.boards.models import Post
from madang.media import actions, files, processing
from madang.media.models import Media
from madang.media.tests import samples
from madang.media.tests.uploading import age, attachment, made_names, stored_files, uploaded
from madang.moderation.bans import ban_author
from madang.moderation.models import Ban
from madang.writing import submit

pytestmark = pytest.mark.django_db(transaction=True)

PICTURE = samples.picture((300, 200))


def test_uploads_never_posted_are_removed_after_their_grace(writer: Any, board: Any) -> None:
    old = uploaded(writer, board, "old.jpg", PICTURE)
    recent = uploaded(writer, board, "new.jpg", PICTURE)
    age(old, created_at=actions.UNHELD_GRACE + timedelta(minutes=1))
    age(recent, created_at=actions.UNHELD_GRACE - timedelta(minutes=1))
    assert actions.remove_unheld() == 1
    assert list(Media.objects.all()) == [recent]
    assert set(stored_files()) == made_names(recent)


def test_a_deleted_posts_media_go_after_the_grace_unless_restored(
    writer: Any, board: Any, member: Any
) -> None:
    kept = uploaded(writer, board, "a.jpg", PICTURE)
    gone = uploaded(writer, board, "b.jpg", PICTURE)
    restored, _ = submit.write_post(
        member=member, board=board, title="a", body=attachment(kept.key)
    )
    deleted, _ = submit.write_post(member=member, board=board, title="b", body=attachment(gone.key))
    for media in (kept, gone):  # posted long ago: only the deletion's grace counts
        age(media, created_at=timedelta(days=30))
    submit.delete_post(post=restored)
    submit.delete_post(post=deleted)
    assert actions.remove_unheld() == 0
    age(gone, released_at=actions.RELEASED_GRACE - timedelta(minutes=1))
    assert actions.remove_unheld() == 0  # not yet
    board_actions.set_post_status(post=restored, status=Post.Status.PUBLISHED)
    assert Media.objects.get(pk=kept.pk).released_at is None  # held again
    age(kept, attached_at=timedelta(days=30))
    age(gone, released_at=actions.RELEASED_GRACE + timedelta(minutes=1))
    assert actions.remove_unheld() == 1
    assert list(Media.objects.all()) == [kept]
    assert set(stored_files()) == made_names(kept)
    page = writer.get(Post.objects.get(pk=restored.pk).get_absolute_url()).content.decode()
    assert files.url(kept.files["w480"]["name"]) in page


def test_a_received_file_without_its_row_is_removed_after_a_day(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    path = tmp_path / "upload"
    path.write_bytes(PICTURE)
    stray = files.save(files.incoming_name("stray-key"), path)
    actions.remove_unheld()
    assert stored_files("incoming") == [stray]  # it may be a row being written
    day_ago = timezone.now() - actions.INCOMING_GRACE - timedelta(minutes=1)
    monkeypatch.setattr(InMemoryStorage, "get_modified_time", lambda storage, name: day_ago)
    actions.remove_unheld()
    assert stored_files("incoming") == []


def test_a_silently_banned_writers_picture_is_seen_by_nobody_else(
    writer: Any, board: Any, member: Any, make_member: Any
) -> None:
    before = uploaded(writer, board, "before.jpg", PICTURE)
    after = uploaded(writer, board, "after.jpg", PICTURE)
    first, _ = submit.write_post(
        member=member, board=board, title="밴 전에 쓴 글", body=attachment(before.key)
    )
    ban_author(
        actor=None,
        author_ref=author_ref_for(member.pk),
        board=None,
        kind=Ban.Kind.SILENT,
        reason="도배",
        days=None,
    )
    second, _ = submit.write_post(
        member=member, board=board, title="밴 뒤에 쓴 글", body=attachment(after.key)
    )
    posts = [Post.objects.get(pk=first.pk), Post.objects.get(pk=second.pk)]
    assert all(post.status == Post.Status.SHADOWED for post in posts)
    # The writer sees both, pictures and all (so the keys are there to be found).
    for post, media in zip(posts, (before, after), strict=True):
        assert media.key in writer.get(post.get_absolute_url()).content.decode()
    other = Client()
    other.force_login(make_member())
    for reader in (other, Client()):
        pages = ["/", f"/{board.slug}/", *[post.get_absolute_url() for post in posts]]
        for path in pages:
            page = reader.get(path).content.decode()
            assert before.key not in page and after.key not in page, path
            assert "밴 전에 쓴 글" not in page and "밴 뒤에 쓴 글" not in page, path


def test_the_housekeeping_runs_hourly() -> None:
    from madang.core import scheduler

    assert scheduler._registered["remove-unheld-media"] == (
        timedelta(hours=1),
        actions.remove_unheld,
    )
    assert scheduler._registered["resend-stalled-media"] == (
        timedelta(hours=1),
        processing.resend_stalled,
    )


def test_media_another_live_writing_still_shows_are_kept(
    writer: Any, board: Any, member: Any, make_post: Any
) -> None:
    """The writer showed one picture in two posts and in a comment: deleting one post
    must not remove the file the others still show."""
    shared = uploaded(writer, board, "a.jpg", PICTURE)
    first, _ = submit.write_post(member=member, board=board, title="a", body=attachment(shared.key))
    second, _ = submit.write_post(
        member=member, board=board, title="b", body=attachment(shared.key)
    )
    age(shared, created_at=timedelta(days=30))
    submit.delete_post(post=first)
    age(shared, released_at=actions.RELEASED_GRACE + timedelta(minutes=1))
    assert actions.remove_unheld() == 0
    assert Media.objects.get(pk=shared.pk).released_at is None  # held by the other post
    assert set(made_names(shared)) <= set(stored_files())
    submit.delete_post(post=second)
    age(shared, released_at=actions.RELEASED_GRACE + timedelta(minutes=1))
    assert actions.remove_unheld() == 1
