"""How an upload shows in writing: a picture with its sizes, an animation that
plays like a GIF, a video player, or a note while it is being made.

Width and height are always set, so the page does not jump as pictures
arrive; pictures and players load lazily. The markup is built here from the
row, never taken from what the writer sent.
"""

from __future__ import annotations

from html import escape

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from madang.media import files
from madang.media.messages import message
from madang.media.models import Media
from madang.media.pictures import WIDTHS

SIZES = "(max-width: 52rem) 100vw, 48rem"


def _attrs(**values: object) -> str:
    return "".join(
        f" {name.rstrip('_').replace('_', '-')}"
        + ("" if value is True else f'="{escape(str(value), quote=True)}"')
        for name, value in values.items()
        if value is not None and value is not False
    )


def _url(media: Media, role: str) -> str:
    return files.url(str(media.files[role]["name"]))


def _size(media: Media, role: str) -> tuple[int, int]:
    entry = media.files[role]
    return int(entry["width"]), int(entry["height"])


def _picture(media: Media, caption: str) -> str:
    shown = [f"w{width}" for width in WIDTHS if f"w{width}" in media.files]
    largest = shown[-1]
    width, height = _size(media, largest)
    srcset = ", ".join(f"{_url(media, role)} {_size(media, role)[0]}w" for role in shown)
    image = (
        "<img"
        + _attrs(
            src=_url(media, shown[min(1, len(shown) - 1)]),
            srcset=srcset,
            sizes=SIZES,
            width=width,
            height=height,
            loading="lazy",
            decoding="async",
            alt=caption,
        )
        + ">"
    )
    opened = "<a" + _attrs(href=_url(media, "original"), class_="media-open") + f">{image}</a>"
    return _figure("picture", opened, caption)


def _animation(media: Media, caption: str) -> str:
    gif = _url(media, "gif")
    if "video" not in media.files:
        width, height = _size(media, "gif")
        image = (
            "<img"
            + _attrs(
                src=gif, width=width, height=height, loading="lazy", decoding="async", alt=caption
            )
            + ">"
        )
        return _figure("animation", image, caption)
    player = _player(
        media,
        muted=True,
        loop=True,
        playsinline=True,
        preload="none",
        data_autoplay=True,
        aria_label=caption or _("움짤"),
    )
    original = "<a" + _attrs(href=gif, download=True, class_="media-original") + ">"
    original += escape(_("GIF 원본")) + "</a>"
    return _figure("animation", player + original, caption)


def _video(media: Media, caption: str) -> str:
    player = _player(
        media,
        controls=True,
        playsinline=True,
        preload="metadata",
        aria_label=caption or _("동영상"),
    )
    return _figure("video", player, caption)


def _player(media: Media, **behaviour: object) -> str:
    """The made MP4 with its poster, at its size; how it plays is the caller's."""
    width, height = _size(media, "video")
    source = {"src": _url(media, "video"), "poster": _url(media, "poster")}
    return "<video" + _attrs(**source, width=width, height=height, **behaviour) + "></video>"


def _figure(kind: str, inner: str, caption: str, **extra: object) -> str:
    shown = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure{_attrs(class_=f'media media-{kind}', **extra)}>{inner}{shown}</figure>"


def figure(media: Media, caption: str = "") -> str:
    """The HTML of ``media`` in writing, in the site's language (it is stored)."""
    caption = caption.strip()[:300]
    with translation.override(settings.LANGUAGE_CODE):
        if media.state == Media.State.FAILED:
            note = f'<span class="media-note">{escape(message(media.error))}</span>'
            return _figure("failed", note, "")
        if media.state != Media.State.READY:
            # A blank canvas of the upload's shape holds its place until it is made.
            place = "<canvas" + _attrs(width=media.width, height=media.height, aria_hidden="true")
            note = f'<span class="media-note" role="status">{escape(_("처리 중…"))}</span>'
            return _figure("pending", place + "></canvas>" + note, "", data_media_pending=media.key)
        if media.kind == Media.Kind.VIDEO:
            return _video(media, caption)
        if media.kind == Media.Kind.ANIMATION:
            return _animation(media, caption)
        return _picture(media, caption)


def thumbnail(media: Media) -> str:
    """The storage name of the small square shown beside a list row ("" for none)."""
    if media.state != Media.State.READY:
        return ""
    entry = media.files.get("thumb")
    return str(entry["name"]) if entry else ""


def preview(media: Media) -> str:
    """The address of a small still of ``media`` for the editor ("" until it is made)."""
    if media.state != Media.State.READY:
        return ""
    for role in ("w480", "poster", "gif"):
        if role in media.files:
            return _url(media, role)
    return ""
