"""Pages as text: EUC-KR read as CP949, declarations tried in the browsers' order."""

from __future__ import annotations

import codecs

import pytest

from madang.news.decode import charset_of, decode_html, meta_charset, python_codec

# 똠, 햏, 샾 and 쓩 are not in EUC-KR (KS X 1001): a site declaring euc-kr sends them
# as CP949 codes.
KOREAN = (
    "똠방각하 햏자 샾 쓩 · 오늘 서울은 맑고 기온은 영하로 떨어지겠습니다. 뉴스 기사 본문입니다."
)


def page(head: str = "", text: str = KOREAN) -> str:
    return f"<!doctype html><html><head>{head}<title>기사</title></head><body><p>{text}</p>"


def test_the_syllables_euc_kr_lacks_are_cp949_codes() -> None:
    data = KOREAN.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc_kr")


@pytest.mark.parametrize(
    "declared", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "ksc5601", "x-windows-949", "cp949"]
)
def test_korean_legacy_names_in_the_header_are_read_as_cp949(declared: str) -> None:
    body = page().encode("cp949")
    assert charset_of(body, declared) == "cp949"
    assert KOREAN in decode_html(body, declared)


def test_plain_euc_kr_bytes_read_the_same_as_cp949() -> None:
    text = "서울 날씨 맑음"
    body = page(text=text).encode("euc_kr")
    assert text in decode_html(body, "euc-kr")


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="euc-kr">',
        "<meta charset=EUC-KR>",
        '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">',
        "<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=ks_c_5601-1987'>",
    ],
)
def test_the_page_s_own_declaration_is_read_when_the_header_has_none(head: str) -> None:
    body = page(head).encode("cp949")
    assert meta_charset(body) == "cp949"
    assert KOREAN in decode_html(body, None)


def test_a_page_that_declares_nothing_is_guessed() -> None:
    body = page(text=KOREAN * 3).encode("cp949")
    assert KOREAN in decode_html(body, None)


def test_a_header_saying_utf_8_over_cp949_bytes_gives_way_to_the_page() -> None:
    body = page('<meta charset="euc-kr">').encode("cp949")
    assert KOREAN in decode_html(body, "utf-8")


def test_a_header_saying_euc_kr_over_utf_8_bytes_gives_way() -> None:
    body = page('<meta charset="utf-8">').encode("utf-8")
    assert KOREAN in decode_html(body, "euc-kr")


def test_an_old_server_s_latin_1_default_does_not_hide_the_page_s_euc_kr() -> None:
    body = page('<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">')
    assert KOREAN in decode_html(body.encode("cp949"), "iso-8859-1")


def test_a_byte_order_mark_wins() -> None:
    body = codecs.BOM_UTF8 + page().encode("utf-8")
    assert charset_of(body, "euc-kr") == "utf-8-sig"
    assert decode_html(body, "euc-kr").startswith("<!doctype html>")


def test_utf_8_pages_stay_utf_8() -> None:
    body = page('<meta charset="utf-8">').encode("utf-8")
    assert charset_of(body, "utf-8") == "utf-8"
    assert charset_of(body, None) == "utf-8"


def test_bytes_valid_in_no_declared_charset_are_replaced_not_refused() -> None:
    body = page('<meta charset="utf-8">').encode("utf-8") + b"\xff\xfe\xfd broken"
    text = decode_html(body, "utf-8")
    assert KOREAN in text and "\ufffd" in text


def test_unknown_and_latin_names() -> None:
    assert python_codec("no-such-charset") is None
    assert python_codec("ISO-8859-1") == "cp1252"
    assert python_codec('"UTF-8"') == "utf-8"
    assert python_codec("euc_kr") == "cp949"
