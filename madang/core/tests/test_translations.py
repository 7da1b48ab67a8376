import ast
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.utils import translation

import madang
from madang.core.management.commands.makemessages import messages_as_python

CATALOG = Path(madang.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_english_catalog_is_complete_and_compiled():
    po = polib.pofile(str(CATALOG / "django.po"))
    assert po.percent_translated() == 100
    assert [entry.msgid for entry in po.fuzzy_entries()] == []
    mo = polib.mofile(str(CATALOG / "django.mo"))
    # Keyed with the context too: "게시판" is a board, and with the context "plural" boards.
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po}
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


def template_messages() -> set[tuple[object, ...]]:
    """What madang's Jinja2 templates ask gettext for, as makemessages extracts it."""
    found: set[tuple[object, ...]] = set()
    for path in (Path(madang.__file__).parent / "jinja2").rglob("*.*"):
        for call in ast.walk(ast.parse(messages_as_python(path.read_text()))):
            if isinstance(call, ast.Call):
                found.add(tuple(arg.value for arg in call.args if isinstance(arg, ast.Constant)))
    return found


def test_every_message_of_the_templates_is_in_the_catalog():
    po = polib.pofile(str(CATALOG / "django.po"))
    catalog = {
        (entry.msgid, entry.msgid_plural)
        if entry.msgid_plural
        else (entry.msgctxt, entry.msgid)
        if entry.msgctxt
        else (entry.msgid,)
        for entry in po
    }
    messages = template_messages()
    assert ("본문 바로가기",) in messages  # {{ _("...") }}
    assert ("%(name)s 글 목록, %(number)s쪽",) in messages  # {% trans name=..., number=... %}
    assert ("댓글 %(counter)s개", "댓글 %(counter)s개") in messages  # {% pluralize %}
    assert ("plural", "게시판") in messages  # {{ pgettext("plural", "...") }}
    assert messages - catalog == set(), "run `make messages`"


TEMPLATE = """<p>{{ _("첫째") }}</p>
{# Translators: the reader's name #}
<p>{% trans name=user.name %}{{ name }}님, 100% 환영합니다{% endtrans %}</p>
<p>{% trans counter=items|length %}{{ counter }}개{% pluralize %}{{ counter }}개들{% endtrans %}</p>
"""


def test_makemessages_reads_jinja2_templates_line_by_line():
    assert messages_as_python(TEMPLATE).splitlines() == [
        "gettext('첫째')",
        "# Translators: the reader's name",
        "gettext('%(name)s님, 100%% 환영합니다')",
        "ngettext('%(counter)s개', '%(counter)s개들', n)",
    ]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_xgettext_finds_every_message_of_a_jinja2_template(tmp_path):
    source = tmp_path / "page.html.py"
    source.write_text(messages_as_python(TEMPLATE))
    pot = tmp_path / "page.pot"
    subprocess.run(  # noqa: S603 - the system's xgettext on our own file
        [
            str(shutil.which("xgettext")),
            "--language=Python",
            "--from-code=UTF-8",
            "--add-comments=Translators",
            "-o",
            str(pot),
            str(source),
        ],
        check=True,
    )
    entries = {entry.msgid: entry for entry in polib.pofile(str(pot))}
    assert set(entries) == {"첫째", "%(name)s님, 100%% 환영합니다", "%(counter)s개"}
    assert entries["%(counter)s개"].msgid_plural == "%(counter)s개들"
    assert entries["%(name)s님, 100%% 환영합니다"].comment == "Translators: the reader's name"
    assert "python-format" in entries["%(counter)s개"].flags
    assert [line for _, line in entries["%(counter)s개"].occurrences] == ["4"]
