"""Why an upload was refused or failed, in the reader's language (codes are stored)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from madang.media.limits import Limits, current

MESSAGES = {
    "empty": _("빈 파일입니다."),
    "type": _(
        "올릴 수 없는 형식입니다. 사진(JPEG, PNG, WebP, GIF, AVIF)과 "
        "동영상(MP4, WebM, MOV)만 올릴 수 있습니다."
    ),
    "damaged": _("파일이 잘렸거나 손상되어 읽을 수 없습니다."),
    "pixels": _("사진이 너무 큽니다. 가로세로 크기를 줄여서 올려 주세요."),
    "frames": _("움짤의 프레임이 너무 많거나 큽니다. 줄여서 올려 주세요."),
    "resolution": _("동영상의 해상도가 너무 높습니다."),
    "fps": _("동영상의 초당 프레임 수가 너무 많습니다."),
    "too_long": _("동영상이 너무 깁니다."),
    "video_unsupported": _("이 사이트는 지금 동영상을 받을 수 없습니다."),
    "quota": _("오늘 올릴 수 있는 양을 다 썼습니다. 내일 다시 올려 주세요."),
    "conversion": _("변환하지 못했습니다. 다른 파일로 올려 주세요."),
}


def message(code: str, limits: Limits | None = None) -> str:
    if code == "too_large":
        limits = limits or current()
        return str(
            _("파일이 너무 큽니다. 사진은 %(image)d MB, 동영상은 %(video)d MB까지입니다.")
            % {"image": limits.image_bytes // 2**20, "video": limits.video_bytes // 2**20}
        )
    return str(MESSAGES.get(code, MESSAGES["conversion"]))
