"""What a reader types becomes words the index can look up, and never syntax."""

from __future__ import annotations

import pytest

from madang.search.query import MAX_WORDS, Term, covering_pairs, parse


def test_two_syllables_are_one_exact_pair():
    (word,) = parse("라인").words
    assert word.alternatives == ((Term("라인"),),)
    assert word.exact


def test_longer_words_need_only_covering_pairs_and_a_recheck():
    assert covering_pairs("소프트뱅크") == ["소프", "트뱅", "뱅크"]
    assert covering_pairs("반도체") == ["반도", "도체"]
    (word,) = parse("소프트뱅크").words
    assert not word.exact


def test_latin_words_match_as_prefixes():
    (word,) = parse("Line").words
    assert word.alternatives == ((Term("line", prefix=True),),)
    assert word.exact


def test_mixed_words_look_up_their_runs():
    (word,) = parse("AI반도체").words
    assert word.alternatives == ((Term("ai"), Term("반도"), Term("도체")),)
    assert not word.exact
    (digits,) = parse("10조엔").words
    assert digits.alternatives == ((Term("10"), Term("조엔")),)
    (short,) = parse("5G").words
    assert short.alternatives == ((Term("5g", prefix=True),),)


def test_initial_consonants_match_as_written_or_as_initials():
    (word,) = parse("ㄹㅇ").words
    assert word.initials
    assert word.alternatives == (
        (Term("ㄹㅇ"),),
        (Term("ㄹㅇ", prefix=True, initials=True),),
    )


def test_one_character_words_have_no_index_terms():
    (word,) = parse("뱅").words
    assert word.short
    assert not parse("뱅").indexed


@pytest.mark.parametrize(
    "typed",
    [
        '"라인" AND 정부',
        "라인 OR NOT 정부",
        "NEAR(라인 정부)",
        "라인* ^정부 title:정부",
        "(라인) (정부)",
        "라인% 정부_",
        "라인\\ 정부\\",
        "라인\x00정부",
        "'라인'; DROP TABLE boards_post; -- 정부",
    ],
)
def test_operators_quotes_and_escapes_are_separators(typed):
    texts = parse(typed).texts
    assert "라인" in texts and "정부" in texts
    assert all(text.replace("_", "").isalnum() for text in texts)
    assert not any(char in text for text in texts for char in "\"'*^:()%\\\x00")


def test_a_long_query_is_cut_to_a_few_words():
    query = parse("가나다라 " * 2500 + "정부")
    assert len(query.words) == 1
    many = parse(" ".join(f"단어{number}" for number in range(100)))
    assert len(many.words) == MAX_WORDS


def test_nothing_but_signs_is_no_query():
    assert not parse("%%% ___ *** \"\" ''")
    assert not parse("")
