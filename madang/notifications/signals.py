"""What this app tells the apps above it, which it does not import.

Both are sent after the commit, with ``recipient_ref``: the author reference of the
member whose unread count changed (compare it with ``author_ref_for(member.pk)``;
read the count with ``queries.unread_count_for``). This app's ``ready`` pushes the
count to the member's open pages through the live stream (``live.publishing``).
"""

from django.dispatch import Signal

notified = Signal()  # a notification for recipient_ref was made
notifications_read = Signal()  # recipient_ref read some or all of theirs
