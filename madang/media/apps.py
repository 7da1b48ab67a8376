from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "madang.media"
    label = "media"
    verbose_name = _("사진과 동영상")

    def ready(self) -> None:
        from PIL import Image

        from madang.accounts.pseudonym import register_holder
        from madang.core import scheduler
        from madang.media.actions import remove_unheld
        from madang.media.limits import current
        from madang.media.models import Media
        from madang.media.processing import resend_stalled

        # Pillow's own bomb check, at the site's limit (the probe checks first).
        Image.MAX_IMAGE_PIXELS = current().pixels
        register_holder("media", Media)  # rewritten when the pseudonym key is rotated
        scheduler.register("remove-unheld-media", timedelta(hours=1), remove_unheld)
        scheduler.register("resend-stalled-media", timedelta(hours=1), resend_stalled)
