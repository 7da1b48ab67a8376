"""What the index keeps of a text: pairs of Hangul, whole words, initial consonants."""

from __future__ import annotations

from madang.search.text import Terms, document, field_terms, html_text, initials, normalize


def terms_of(text: str) -> Terms:
    return document("", text).body_terms


def test_a_hangul_run_is_kept_as_its_neighbouring_pairs():
    assert terms_of("소프트뱅크").terms == {"소프", "프트", "트뱅", "뱅크"}


def test_particles_stay_on_the_run_and_its_pairs_still_hold_the_word():
    assert {"정부", "부가"} <= terms_of("정부가 발표했다").terms


def test_latin_words_are_lowercased_and_kept_whole_with_digits_kept():
    assert terms_of("OpenAI GPT 2024").terms == {"openai", "gpt", "2024"}


def test_a_word_that_mixes_scripts_keeps_its_runs_and_itself():
    terms = terms_of("AI반도체 10조엔").terms
    assert {"ai", "반도", "도체", "ai반도체", "10", "조엔", "10조엔"} <= terms


def test_each_hangul_run_gives_its_initial_consonants():
    assert terms_of("라인야후 지분").initials == {"ㄹㅇㅇㅎ", "ㅈㅂ"}
    assert initials("라인") == "ㄹㅇ"


def test_one_syllable_words_give_no_term():
    assert terms_of("집 물 뱅").terms == set()


def test_full_width_letters_decomposed_syllables_and_invisible_characters_fold():
    assert normalize("\uff21\uff29") == "ai"  # full-width AI
    assert normalize("\u1105\u1161\u110b\u1175\u11ab") == "라인"  # 라인 in conjoining jamo
    assert field_terms(normalize("정\u200b부")).terms == {"정부"}


def test_the_body_is_the_text_of_its_html_with_blocks_kept_apart():
    text = html_text("<p>첫 문단</p><p>둘째&amp;셋째<br>넷째</p><ul><li>하나</li><li>둘</li></ul>")
    assert text == "첫 문단 둘째&셋째 넷째 하나 둘"
    assert "문단둘째" not in document("", text).body


def test_tags_and_their_attributes_are_not_text():
    text = html_text('<p><a href="https://example.com/secret" rel="nofollow">링크</a></p>')
    assert text == "링크"
