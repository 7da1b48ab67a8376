"""/mod/words/ names every field in the reader's language (its board field said "Board")."""

from __future__ import annotations

from bs4 import BeautifulSoup


def labels(client, **headers: str) -> list[str]:
    page = BeautifulSoup(client.get("/mod/words/", headers=headers).content, "html.parser")
    return [label.get_text(" ", strip=True) for label in page.select("form label")]


def test_the_words_form_is_korean_and_english_when_asked(client, make_member, board):
    client.force_login(make_member("site_admin", is_staff=True, is_superuser=True))
    korean = ["단어 또는 정규식", "정규식", "예외 단어 (선택)", "게시판 (선택)", "처리"]
    assert labels(client) == korean
    assert labels(client, **{"Accept-Language": "en"}) == [
        "Word or regular expression",
        "Regular expression",
        "Exceptions (optional)",
        "Board (optional)",
        "Action",
    ]
