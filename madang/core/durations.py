"""How long to wait, in words that agree with their number ("1 second", "30 seconds").

Messages that say when to try again take the whole phrase ("%(seconds)s 뒤에"), so
that English can say "1 second" and "30 seconds" through ngettext while Korean
reads "1초", "30초" as before.
"""

from __future__ import annotations

from django.utils.translation import ngettext


def seconds(count: int) -> str:
    return ngettext("%(count)s초", "%(count)s초", count) % {"count": count}


def minutes(count: int) -> str:
    return ngettext("%(count)s분", "%(count)s분", count) % {"count": count}
