"""Audit records name the board of their target, and three new kinds of record.

Records written before stay without a board (read by site admins only): the
log is append-only, and the database refuses to change a record.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0003_moderation'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='board_id',
            field=models.BigIntegerField(blank=True, null=True, verbose_name='게시판 번호'),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='action',
            field=models.CharField(choices=[('reveal_author', '글쓴이 확인'), ('approve', '승인'), ('hide', '숨김'), ('delete', '삭제'), ('move', '카테고리 이동'), ('lock_comments', '댓글 잠금'), ('unlock_comments', '댓글 잠금 풀기'), ('pin', '공지로 고정'), ('ban', '차단'), ('lift_ban', '차단 풀기'), ('banned_word', '금칙어 변경'), ('end_ban', '차단 기한 끝'), ('appoint_moderator', '게시판 관리자 임명'), ('remove_moderator', '게시판 관리자 해임')], max_length=40, verbose_name='동작'),
        ),
        migrations.AddIndex(
            model_name='auditevent',
            index=models.Index(fields=['board_id', '-created_at'], name='audit_by_board'),
        ),
    ]
