import pytest
from django.core.exceptions import ValidationError

from madang.boards import actions
from madang.boards.slugs import RESERVED_SLUGS


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS - {"favicon.ico", "robots.txt"}))
def test_reserved_words_are_refused_as_board_slugs(db, slug):
    with pytest.raises(ValidationError) as error:
        actions.create_board(slug=slug, name="x")
    assert "slug" in error.value.message_dict


@pytest.mark.parametrize("slug", ["", "Square", "한글", "a b", "-lead", "a" * 41, "../x", "a/b"])
def test_malformed_slugs_are_refused(db, slug):
    with pytest.raises(ValidationError):
        actions.create_board(slug=slug, name="x")


def test_fixed_paths_win_over_boards(client, db):
    assert client.get("/healthz").status_code == 200
    assert client.get("/admin/").status_code == 302  # to the admin login, not a board
