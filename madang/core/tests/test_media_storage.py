"""Uploads on S3-compatible storage, configured by MADANG_MEDIA_STORAGE_URL.

The settings are checked as parsed; then files go through django-storages to a
local S3 server (moto's, in this process on a free port of 127.0.0.1) and come
back from the URLs the storage makes.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from madang import config
from madang.core.tests.pgcluster import free_port


def test_without_a_storage_url_media_stay_on_the_local_disk():
    assert config.media_storage("", "/media/") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_an_s3_url_names_the_bucket_the_prefix_and_the_endpoint():
    storage = config.media_storage(
        "s3://madang-media/uploads?endpoint=https://s3.example.net&region=ap-northeast-2&style=path",
        "/media/",
    )
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "madang-media",
            "location": "uploads",
            "endpoint_url": "https://s3.example.net",
            "region_name": "ap-northeast-2",
            "addressing_style": "path",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,  # no CDN: URLs are signed, the bucket may stay private
        },
    }


def test_an_absolute_media_url_puts_file_urls_on_the_cdn_unsigned():
    options = config.media_storage("s3://madang-media", "https://cdn.example.com/m/")["OPTIONS"]
    assert options["custom_domain"] == "cdn.example.com/m"  # type: ignore[index]
    assert options["url_protocol"] == "https:"  # type: ignore[index]
    assert options["querystring_auth"] is False  # type: ignore[index]
    assert options["location"] == ""  # type: ignore[index]


@pytest.mark.parametrize(
    "url",
    ["s3:///no-bucket", "gs://bucket/x", "s3://bucket/x?endpont=https://typo.example"],
)
def test_a_storage_url_that_cannot_be_right_stops_the_start(url):
    with pytest.raises(ValueError, match="MADANG_MEDIA_STORAGE_URL"):
        config.media_storage(url, "/media/")


# --- against an S3 server ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch) -> str:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    name = f"madang-media-{free_port()}"
    boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1").create_bucket(Bucket=name)
    return name


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - the local S3 server
        return bytes(answer.read())


def _objects(endpoint: str, bucket: str) -> list[str]:
    listing = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").list_objects_v2(
        Bucket=bucket
    )
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_uploads_land_in_the_bucket_and_signed_urls_serve_them(s3_endpoint, bucket, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": config.media_storage(
            f"s3://{bucket}/media?endpoint={s3_endpoint}&region=us-east-1&style=path", "/media/"
        ),
    }
    storage = storages["default"]
    first = storage.save("photos/마당.jpg", ContentFile(b"first picture"))
    second = storage.save("photos/마당.jpg", ContentFile(b"second picture"))
    assert first != second  # the second upload did not overwrite the first
    assert _objects(s3_endpoint, bucket) == sorted([f"media/{first}", f"media/{second}"])

    url = storage.url(first)
    assert url.startswith(f"{s3_endpoint}/{bucket}/media/photos/")
    assert "Signature=" in url
    assert _fetch(url) == b"first picture"
    with storage.open(second) as handle:
        assert handle.read() == b"second picture"
    storage.delete(first)
    assert _objects(s3_endpoint, bucket) == [f"media/{second}"]


def test_behind_a_cdn_file_urls_name_the_cdn(s3_endpoint, bucket, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": config.media_storage(
            f"s3://{bucket}/media?endpoint={s3_endpoint}&style=path", "https://cdn.example.com/"
        ),
    }
    storage = storages["default"]
    name = storage.save("a.txt", ContentFile(b"x"))
    assert storage.url(name) == f"https://cdn.example.com/media/{name}"
    assert _objects(s3_endpoint, bucket) == [f"media/{name}"]


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_converted_into_the_bucket_and_removed_from_it(
    s3_endpoint, bucket, settings, client, member, board
):
    """The whole way of an upload on S3: received into incoming/, converted from a copy
    the worker fetches, the made files in the bucket under server-made names, the file
    as received gone, and everything gone again when nothing holds it."""
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from madang.media import actions
    from madang.media.models import Media
    from madang.media.tests import samples

    settings.STORAGES = {
        **settings.STORAGES,
        "default": config.media_storage(
            f"s3://{bucket}/media?endpoint={s3_endpoint}&region=us-east-1&style=path", "/media/"
        ),
    }
    assert type(storages["default"]).__name__ == "S3Storage"  # the bucket's, as the app's
    client.force_login(member)
    answer = client.post(
        f"/{board.slug}/upload", {"file": SimpleUploadedFile("x.gif", samples.gif(frames=8))}
    )
    assert answer.status_code == 201, answer.content
    media = Media.objects.get(key=answer.json()["key"])
    assert media.state == Media.State.READY
    stored = _objects(s3_endpoint, bucket)
    assert stored and all(
        name.startswith(f"media/m/{media.key[:2]}/{media.key}/") for name in stored
    )
    assert {"gif", "poster", "thumb"} <= set(media.files)
    assert _fetch(default_storage.url(media.files["poster"]["name"]))[:4] == b"RIFF"
    Media.objects.filter(pk=media.pk).update(created_at=timezone.now() - timedelta(days=30))
    assert actions.remove_unheld() == 1
    assert _objects(s3_endpoint, bucket) == []
