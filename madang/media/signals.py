"""``media_changed``: an upload became ready or failed; the writing that holds it
shows it anew (``boards`` renders the posts holding it again)."""

from django.dispatch import Signal

media_changed = Signal()  # sender=Media, media=<Media>
