"""Uploading from the editor, asking after an upload, and serving the files.

``upload`` answers JSON for the editor's script: the upload's key and the
attachment it puts in the body, or the refusal in words. ``state`` tells the
editor and the post page when a conversion is done, with the markup to show.
``serve`` hands out the made files where no web server does (the embedded
default): only under ``m/``, with their type fixed by their server-made
name, ``nosniff``, and a year of caching (a name is never reused).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from madang.accounts.models import Member
from madang.boards import queries
from madang.core.client import client_address
from madang.media import files, render
from madang.media.messages import message
from madang.media.models import Media
from madang.writing.gate import Refusal
from madang.writing.uploads import upload as upload_file

SERVED_TYPES = {
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".mp4": "video/mp4",
}
YEAR = 365 * 24 * 3600


def _answer(media: Media) -> dict[str, object]:
    return {
        "key": media.key,
        "kind": media.kind,
        "state": media.state,
        "width": media.width,
        "height": media.height,
        "message": message(media.error) if media.state == Media.State.FAILED else "",
        "html": render.figure(media),
        # What the editor shows of it: the picture, or the poster of what moves.
        "preview": render.preview(media),
    }


@require_POST
@never_cache
def upload(request: HttpRequest, board_slug: str) -> JsonResponse:
    if not isinstance(request.user, Member):
        return JsonResponse({"error": _("로그인한 회원만 파일을 올릴 수 있습니다.")}, status=401)
    board = queries.get_board(board_slug)
    sent = request.FILES.get("file")
    if sent is None:
        return JsonResponse({"error": _("올릴 파일이 없습니다.")}, status=400)
    try:
        media = upload_file(
            member=request.user,
            board=board,
            file=sent,
            for_comment=request.POST.get("for") == "comment",
            keep_gif=request.POST.get("keep_gif") in ("1", "on", "true"),
            address=client_address(request),
        )
    except Refusal as refusal:
        response = JsonResponse({"error": refusal.message}, status=refusal.status)
        if refusal.retry_after:
            response["Retry-After"] = str(refusal.retry_after)
        return response
    media.refresh_from_db()
    return JsonResponse(_answer(media), status=201)


@require_GET
@never_cache
def state(request: HttpRequest, key: str) -> JsonResponse:
    media = Media.objects.filter(key=key).first()
    if media is None:
        raise Http404
    return JsonResponse(_answer(media))


@require_GET
def serve(request: HttpRequest, name: str) -> FileResponse:
    name = files.SERVED + name
    extension = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if ".." in name.split("/") or extension not in SERVED_TYPES:
        raise Http404
    try:
        opened = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(opened, content_type=SERVED_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if extension == ".gif":
        response["Content-Disposition"] = 'inline; filename="original.gif"'
    return response
