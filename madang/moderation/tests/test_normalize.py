# ruff: noqa: RUF001, RUF003
# (look-alike characters are what this file is about)
"""Folding of text for banned words: each rule, the way back to the original, stability."""

import random
import unicodedata

import pytest

from madang.moderation import normalize
from madang.moderation.normalize import choseong, fold, fold_pattern
from madang.moderation.tests.banned_cases import CASES, halfwidth


def folded(text: str) -> str:
    return fold(text).text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("시 발", "시발"),
        ("시.발", "시발"),
        ("시1발", "시발"),
        ("시_발", "시발"),
        ("시~~발", "시발"),
        ("시 . 발", "시발"),
        ("시\n발", "시발"),
        ("개.새.끼", "개새끼"),
        ("미친.놈", "미친놈"),
        ("f u c k", "fuck"),
    ],
)
def test_separators_inside_a_word_are_removed(text: str, expected: str) -> None:
    assert folded(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("아시 발견", "아시 발견"),  # two words: the space stays
        ("몇시?발표", "몇시?발표"),  # glued, but neither side is a single letter
        ("오늘 날씨 좋다", "오늘 날씨 좋다"),
        ("  시발!!  ", "시발"),  # separators at either end go
        ("가격은 15,000원", "가격은 15,000원"),
    ],
)
def test_separators_between_words_stay(text: str, expected: str) -> None:
    assert folded(text) == expected


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u3164",  # Hangul filler
        "\u115f",  # choseong filler
        "\u1160",  # jungseong filler
        "\uffa0",  # halfwidth filler
        "\u00ad",  # soft hyphen
        "\ufe0f",  # variation selector
        "\U000e0101",  # variation selector supplement
        "\u034f",  # combining grapheme joiner
    ],
)
def test_zero_width_and_filler_characters_are_dropped(invisible: str) -> None:
    assert folded(f"아시{invisible}발견") == "아시발견"
    assert folded(f"시{invisible}발") == "시발"


@pytest.mark.parametrize(
    "control",
    [*"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"],
)
def test_bidi_controls_are_dropped(control: str) -> None:
    assert folded(f"병{control}신") == "병신"
    assert folded(f"{control}fuck{control}") == "fuck"


def test_full_width_forms_fold_by_nfkc() -> None:
    assert folded("ｆｕｃｋ ＹＯＵ") == "fuck you"
    assert folded("시\u3000발") == "시발"  # ideographic space
    assert folded("병．신") == "병신"
    assert folded("ｓｈ１ｔ") == "shit"


def test_case_is_folded() -> None:
    assert folded("FuCk") == "fuck"
    assert folded("STRASSE Straße") == "strasse strasse"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fu\u0441k", "fuck"),  # Cyrillic es
        ("\u0405\u041d\u0406\u0422", "shit"),  # Cyrillic capitals Ѕ Н І Т
        ("\u0430ss", "ass"),  # Cyrillic a
        ("\u0391SSHOLE", "asshole"),  # Greek capital alpha
        ("f\u03c5ck", "fuck"),  # Greek upsilon
        ("\u0440\u0435\u0441", "pec"),  # Cyrillic р е с
    ],
)
def test_latin_look_alikes_become_latin(text: str, expected: str) -> None:
    assert folded(text) == expected


def test_combining_marks_are_stripped_but_syllables_kept() -> None:
    assert folded("fu\u0303ck") == "fuck"
    assert folded("caf\u00e9") == "cafe"  # precomposed é
    assert folded("Z\u0337a\u0337l\u0337g\u0337o\u0337") == "zalgo"
    assert folded("시\u0308발") == "시발"
    assert folded("한글") == "한글"  # NFD would have split these into jamo


def test_conjoining_jamo_compose_into_syllables() -> None:
    assert folded(unicodedata.normalize("NFD", "시발 병신")) == "시발 병신"
    assert folded("\u1109\u1175\u11af") == "실"  # L V T
    assert folded("시\u11af") == "실"  # LV syllable + conjoining T
    assert folded("\u1107") == "ㅂ"  # a lone lead reads as the keyboard letter


def test_compatibility_jamo_typed_apart_compose() -> None:
    assert folded("ㅅㅣㅂㅏㄹ") == "시발"
    assert folded("ㅈㅗㄴㄴㅏ") == "존나"
    assert folded("ㅈㅗㅈ같네") == "좆같네"
    assert folded("시ㅂㅏㄹ") == "시발"
    assert folded("ㅅ ㅣ ㅂ ㅏ ㄹ") == "시발"
    assert folded(halfwidth("ㅅㅣㅂㅏㄹ")) == "시발"


def test_consonants_alone_stay_for_choseong() -> None:
    assert folded("ㅅㅂ") == "ㅅㅂ"
    assert folded("ㅋㅋㅋ ㅠㅠ") == "ㅋㅋㅋ ㅠㅠ"
    assert folded("ㅄ") == "ㅂㅅ"  # a cluster alone is spelled out


def test_choseong() -> None:
    assert choseong("시발") == "ㅅㅂ"
    assert choseong("병신년") == "ㅂㅅㄴ"
    assert choseong("개새끼") == "ㄱㅅㄲ"
    assert choseong("ab시발") == "abㅅㅂ"


def test_look_alike_vowels_after_a_consonant() -> None:
    assert folded("ㅅ1발") == "시발"
    assert folded("ㅅl발") == "시발"
    assert folded("ㅅI발") == "시발"
    assert folded("ㄱH새끼") == "개새끼"
    assert folded("ㄱr끔 ㄴr는") == "가끔 나는"
    assert folded("ㅋㅋ1등") == "ㅋㅋ등"  # not after laughter: no 키
    assert folded("ㅇㅋlol") == "ㅇㅋlol"  # not inside a Latin word


def test_leetspeak_only_inside_latin_words() -> None:
    assert folded("sh1t") == "shit"
    assert folded("a$$") == "ass"
    assert folded("$hit") == "shit"
    assert folded("mp3 player") == "mp3 player"
    assert folded("2024년") == "년"  # digits before a word are an edge gap


def test_fold_pattern_is_fold() -> None:
    for word in ["시발", "ｆｕｃｋ", "미친 놈", "ㅅㅂ", "Straße"]:
        assert fold_pattern(word) == folded(word)


@pytest.mark.parametrize(
    ("text", "evasion"),
    [
        ("아 ㅅㅣㅂㅏㄹ 진짜", "ㅅㅣㅂㅏㄹ"),
        ("오늘 시\u200b발 뭐야", "시\u200b발"),
        ("오늘 시~~발 뭐야", "시~~발"),
        ("ㅋㅋ ｆｕｃｋ", "ｆｕｃｋ"),
        ("아 ㅅ1발", "ㅅ1발"),
        ("너 fu\u0303ck", "fu\u0303ck"),
        (
            "님 " + unicodedata.normalize("NFD", "병신") + "이네",
            unicodedata.normalize("NFD", "병신"),
        ),
        ("진짜 시 . 발 이네", "시 . 발"),
        ("ㅋㅋ \u0405\u041d\u0406\u0422!", "\u0405\u041d\u0406\u0422"),
        ("\u202a씨발\u202c", "씨발"),
    ],
)
def test_spans_map_back_to_the_evasion_as_typed(text: str, evasion: str) -> None:
    normalized = fold(text)
    word = fold_pattern(evasion)
    at = normalized.text.index(word)
    start, end = normalized.span(at, at + len(word))
    assert text[start:end] == evasion


def test_origins_are_one_per_folded_char_and_in_order() -> None:
    for text, _ in CASES:
        normalized = fold(text)
        assert len(normalized.origin) == len(normalized.origin_end) == len(normalized.text)
        assert list(normalized.origin) == sorted(normalized.origin)
        for start, end in zip(normalized.origin, normalized.origin_end, strict=True):
            assert 0 <= start < end <= len(text)


def test_fold_is_idempotent() -> None:
    texts = [text for text, _ in CASES] + [junk(2_000, seed) for seed in range(20)]
    for text in texts:
        once = folded(text)
        assert folded(once) == once, text


JUNK = (
    "시발병신가나다ㅋㅎㅅㅂㅏㅣㄹㄳㅄ"
    "\u1109\u1175\u1107\u1161\u11af\u115f\u1160\u3164\uffa0\uffb5"
    "\u200b\u200d\u2060\ufeff\u00ad\ufe0f\u202e\u2066\u200f\u0301\u0336"
    "ｆｕｃｋ１ＡfuckSHIT1l|!$@hr0 \t\n.,~_-*^♡😂…"
    "\u0430\u0441\u0455\u0391丙申年㈜ß"
)


def junk(length: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(JUNK) for _ in range(length))


@pytest.mark.parametrize(
    "text",
    [
        junk(200_000, 1),
        "\u200b" * 200_000,
        "ㅅㅣ" * 100_000,
        "시 " * 100_000,
        ".!" * 100_000,
        "a1" * 100_000,
        "\u1109\u1175\u11af" * 66_667,
    ],
    ids=["mixed", "zero-width", "jamo", "spaced", "punctuation", "leet", "conjoining"],
)
def test_long_junk_folds(text: str) -> None:
    normalized = fold(text)
    assert len(normalized.origin) == len(normalized.text)
    assert folded(normalized.text) == normalized.text


def test_fast_path_characters_fold_to_themselves() -> None:
    """The characters that skip the translate table must be those it leaves alone."""
    ranges = [range(0x09, 0x0E), range(0x20, 0x7F), range(0xAC00, 0xD7A4)]
    ranges += [range(0x3131, 0x318F), range(0x1F300, 0x1FB00)]
    for code in (code for codes in ranges for code in codes):
        char = chr(code)
        if normalize._PLAIN_RE.search(char):
            continue
        expected = " " if char in "\t\n\r" else char.lower()
        assert normalize._fold_char(char) == expected, hex(code)
