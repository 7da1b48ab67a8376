"""Reasons the site worded itself become codes: bans' and audit records' alike.

Before, the site wrote its own reasons as text in the language of the request
that caused them ("silent: 금칙어: …", "refuse", "action: refuse → hold",
"comment 12 on /square/3"), so a reader saw English codes or another reader's
language. Each such text is read back here into the codes and details that
``moderation.reasons`` words in the reader's language; what a person typed stays
as it was. Nothing a record says changes, only the form it is kept in.

Audit records are append-only: the database refuses to change them (migration
0002). This one rewrite of their stored form lifts that refusal for the length of
this migration's transaction and restores it before the transaction commits; the
application still cannot change or remove a record. On SQLite the refusal is
made anew in any case: adding columns with defaults (migration 0007) rebuilt the
table, and a rebuilt SQLite table has lost its triggers.
"""

import re

from django.db import migrations

KIND = re.compile(r"^(silent|visible): (.*)$", re.S)
WORD = re.compile(r"^(?:금칙어|Banned word): (.+)$", re.S)
STAFF = {"관리자 판단", "Moderator's decision"}
WORD_ACTIONS = {"refuse", "hold", "silent_ban"}
FIELDS = ("is_regex", "exceptions", "board_id", "action")
CHANGES = re.compile(r"; (?=(?:%s): )" % "|".join(FIELDS))
CHANGE = re.compile(r"^(%s): (.*) → (.*)$" % "|".join(FIELDS), re.S)
COMMENT = re.compile(r"^comment (\d+)(?: on (\S+))?$")

POSTGRES_OFF = "ALTER TABLE moderation_auditevent DISABLE TRIGGER moderation_auditevent_no_change"
POSTGRES_ON = "ALTER TABLE moderation_auditevent ENABLE TRIGGER moderation_auditevent_no_change"
SQLITE_OFF = "DROP TRIGGER IF EXISTS moderation_auditevent_no_update"
SQLITE_ON = """
CREATE TRIGGER moderation_auditevent_no_update
BEFORE UPDATE ON moderation_auditevent
BEGIN
    SELECT RAISE(ABORT, 'audit records are append-only');
END;
"""


def ban_reason(text):
    """(code, reason) of a ban's reason as the site wrote it."""
    found = WORD.match(text)
    if found:
        return "banned_word", found.group(1)
    if text.strip() in STAFF:
        return "staff", ""
    return "", text


def word_changes(text, board_slugs):
    changes = []
    for part in CHANGES.split(text):
        found = CHANGE.match(part)
        if found is None:
            return None  # not the site's wording: left as it is
        field, before, after = found.groups()
        values = [_value(field, value, board_slugs) for value in (before, after)]
        changes.append(["board" if field == "board_id" else field, *values])
    return changes


def _value(field, text, board_slugs):
    if field == "is_regex":
        return text == "True"
    if field == "board_id":
        return None if text == "*" else board_slugs.get(int(text), text)
    return text


def comment_label(label, comment_posts):
    found = COMMENT.match(label)
    if found is None:
        return label
    comment_id, address = int(found.group(1)), found.group(2)
    return f"{address or comment_posts.get(comment_id, '')}#c{comment_id}"


def event_fields(event, board_slugs, comment_posts):
    """The new stored form of one record, or None when it says nothing of the site's own."""
    reason, code, details = event.reason, "", {}
    if event.action in ("ban", "end_ban"):
        found = KIND.match(reason)
        if found:
            details["ban_kind"] = found.group(1)
            reason = found.group(2)
        code, reason = ban_reason(reason)
    elif event.action == "lift_ban":
        code, reason = ban_reason(reason)
    elif event.action == "banned_word" and reason in WORD_ACTIONS:
        details["word_action"], reason = reason, ""
    elif event.action == "banned_word" and reason:
        changes = word_changes(reason, board_slugs)
        if changes is not None:
            details["changes"], reason = changes, ""
    label = event.target_label
    if event.target_type == "comment" or (event.target_type == "author" and "comment" in label):
        label = comment_label(label, comment_posts)
    fields = {"reason": reason, "reason_code": code, "details": details, "target_label": label}
    unchanged = reason == event.reason and not code and not details and label == event.target_label
    return None if unchanged else fields


def forwards(apps, schema_editor):
    AuditEvent = apps.get_model("moderation", "AuditEvent")
    Ban = apps.get_model("moderation", "Ban")
    Board = apps.get_model("boards", "Board")
    Comment = apps.get_model("comments", "Comment")
    board_slugs = dict(Board.objects.values_list("pk", "slug"))
    comment_posts = {
        pk: f"/{slug}/{number}"
        for pk, slug, number in Comment.objects.values_list(
            "pk", "post__board__slug", "post__number"
        )
    }
    for ban in Ban.objects.all():
        code, reason = ban_reason(ban.reason)
        if code:
            Ban.objects.filter(pk=ban.pk).update(reason=reason, reason_code=code)

    changed = []
    for event in AuditEvent.objects.all().iterator():
        fields = event_fields(event, board_slugs, comment_posts)
        if fields is not None:
            changed.append((event.pk, fields))
    vendor = schema_editor.connection.vendor
    schema_editor.execute(POSTGRES_OFF if vendor == "postgresql" else SQLITE_OFF)
    for pk, fields in changed:
        AuditEvent.objects.filter(pk=pk).update(**fields)
    schema_editor.execute(POSTGRES_ON if vendor == "postgresql" else SQLITE_ON)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0007_reasons_as_codes_and_korean_names"),
        ("boards", "0014_korean_names"),
        ("comments", "0008_korean_names"),
    ]

    # Backwards, the codes stay: the schema migration before this one drops them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
