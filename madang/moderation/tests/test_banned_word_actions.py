"""add_banned_word, change_banned_word, remove_banned_word: checked, audited, in one transaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from madang.moderation.models import AuditEvent, BannedWord, BoardModerator
from madang.moderation.words import (
    add_banned_word,
    change_banned_word,
    check_words,
    remove_banned_word,
)


@pytest.fixture
def admin(make_member):
    return make_member("site_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def moderator(make_member, board):
    member = make_member("square_mod")
    BoardModerator.objects.create(board=board, member=member)
    return member


def test_adding_a_word_applies_at_once_and_is_audited(admin, board):
    word = add_banned_word(actor=admin, pattern=" 도배금지어 ", board=None)
    assert word.pattern == "도배금지어"
    assert not check_words(board, ["도배금지어 입니다"]).clean
    event = AuditEvent.objects.get()
    assert (event.action, event.target_type, event.target_id, event.board_id) == (
        "banned_word",
        "banned_word",
        word.pk,
        None,
    )
    assert (event.target_label, event.reason) == ("+ 도배금지어", "")
    assert event.details == {"word_action": "refuse"}  # a code, worded when read


def test_changing_a_word_applies_at_once_and_says_what_changed(admin, board):
    word = add_banned_word(actor=admin, pattern="광고", board=board)
    word = change_banned_word(
        actor=admin,
        word=word,
        pattern="광고문의",
        is_regex=False,
        exceptions="",
        board=board,
        action=BannedWord.Action.HOLD,
    )
    assert BannedWord.objects.get().action == "hold"
    assert check_words(board, ["광고 있어요"]).clean
    assert check_words(board, ["광고문의 주세요"]).hold
    event = AuditEvent.objects.latest("id")
    assert (event.target_label, event.board_id) == ("~ 광고 → 광고문의", board.pk)
    assert event.details == {"changes": [["action", "refuse", "hold"]]}


def test_removing_a_word_applies_at_once_and_is_audited(admin, board):
    word = add_banned_word(actor=admin, pattern="도배금지어", board=None)
    remove_banned_word(actor=admin, word=word)
    assert not BannedWord.objects.exists()
    assert check_words(board, ["도배금지어 입니다"]).clean
    assert AuditEvent.objects.latest("id").target_label == "- 도배금지어"


def test_a_board_moderator_keeps_the_words_of_their_board_only(moderator, admin, board, make_board):
    word = add_banned_word(actor=moderator, pattern="스포", board=board)
    with pytest.raises(PermissionDenied):
        add_banned_word(actor=moderator, pattern="스포일러", board=None)
    with pytest.raises(PermissionDenied):
        add_banned_word(actor=moderator, pattern="스포일러", board=make_board("other"))
    changes = {"pattern": "스포", "is_regex": False, "exceptions": "", "action": "refuse"}
    with pytest.raises(PermissionDenied):  # out of their board, into every board
        change_banned_word(actor=moderator, word=word, board=None, **changes)
    site_wide = add_banned_word(actor=admin, pattern="욕", board=None)
    with pytest.raises(PermissionDenied):
        change_banned_word(actor=moderator, word=site_wide, board=board, **changes)
    with pytest.raises(PermissionDenied):
        remove_banned_word(actor=moderator, word=site_wide)
    assert set(BannedWord.objects.values_list("pattern", "board_id")) == {
        ("스포", board.pk),
        ("욕", None),
    }
    assert AuditEvent.objects.count() == 2


def test_a_broken_regular_expression_is_refused_before_anything_is_written(admin):
    with pytest.raises(ValidationError) as refused:
        add_banned_word(actor=admin, pattern="(", is_regex=True, board=None)
    assert "pattern" in refused.value.message_dict
    assert not BannedWord.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_word_that_fails_to_be_stored_leaves_no_record(client, admin, monkeypatch):
    """The /mod/words/ page adds through the action: the record and the word go together."""

    def broken_save(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(BannedWord, "save", broken_save)
    client.force_login(admin)
    with pytest.raises(RuntimeError):
        client.post("/mod/words/", {"pattern": "도배금지어", "action": "refuse"})
    assert not AuditEvent.objects.exists()
