from pathlib import Path

import polib
from django.utils import translation

import madang

CATALOG = Path(madang.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_english_catalog_is_complete_and_compiled():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert po.percent_translated() == 100
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    mo = polib.mofile(str(CATALOG / "django.mo"))
    compiled = {entry.msgid: (entry.msgstr, entry.msgstr_plural) for entry in mo}
    written = {entry.msgid: (entry.msgstr, entry.msgstr_plural) for entry in po}
    assert compiled == written, "run `make messages` to compile the catalog"


def test_pages_are_korean_by_default(client, board, make_post):
    make_post(board)
    html = client.get("/square/").content.decode()
    assert '<html lang="ko">' in html
    assert "본문 바로가기" in html
    assert "조회" in html


def test_english_readers_get_the_english_interface(client, board, make_post):
    make_post(board)
    html = client.get("/square/1", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to content" in html
    assert "Check for new comments" in html
    assert "Scrap (0)" in html
    translation.activate("ko")
