# ruff: noqa: RUF001
# (look-alike characters are what this file is about)
"""The banned-word matcher: each rule, regex time limits, and the labelled set."""

import logging
import random
import time

import pytest

from madang.moderation.matcher import Match, Matcher, Pattern
from madang.moderation.tests.banned_cases import CASES, CASES_BY_TECHNIQUE, PATTERNS

INNOCENT_GROUPS = {
    "words containing a banned word",
    "words across a separator",
    "English words containing a banned word",
    "innocent look-alikes",
    "choseong in ordinary text",
    "single-syllable words",
    "everyday posts",
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(PATTERNS)


def ids(matcher: Matcher, text: str) -> set[int]:
    return {match.pattern_id for match in matcher.find(text)}


def test_a_plain_word_is_found_with_its_original_span() -> None:
    matcher = Matcher([Pattern(1, "시발")])
    assert matcher.find("아 시발 진짜") == [Match(1, 2, 4, "시발")]


def test_an_evasion_is_reported_as_typed() -> None:
    matcher = Matcher([Pattern(1, "시발"), Pattern(2, "fuck")])
    text = "아 ㅅㅣㅂㅏㄹ 진짜 ｆ\u200bｕｃｋ"
    assert matcher.find(text) == [
        Match(1, 2, 7, "ㅅㅣㅂㅏㄹ"),
        Match(2, 11, 16, "ｆ\u200bｕｃｋ"),
    ]


def test_matches_are_sorted_and_deduplicated() -> None:
    matcher = Matcher([Pattern(2, "병신"), Pattern(1, "시발"), Pattern(1, "시발")])
    matches = matcher.find("병신 시발 병신")
    assert [(m.pattern_id, m.start) for m in matches] == [(2, 0), (1, 3), (2, 6)]


def test_first_is_the_earliest_match() -> None:
    matcher = Matcher([Pattern(1, "시발"), Pattern(2, "병신")])
    assert matcher.first("그 병신이 시발") == Match(2, 2, 4, "병신")
    assert matcher.first("좋은 하루") is None


def test_no_patterns_no_text_and_regexes_alone() -> None:
    assert Matcher([]).find("시발") == []
    assert Matcher(PATTERNS).find("") == []
    assert Matcher(PATTERNS).first("   ") is None
    only_regex = Matcher([Pattern(1, "시+발", is_regex=True)])
    assert only_regex.find("시 시 발") == [Match(1, 0, 5, "시 시 발")]


def test_a_pattern_is_folded_like_the_text() -> None:
    matcher = Matcher([Pattern(1, "ＦＵＣＫ"), Pattern(2, "ㅅㅣㅂㅏㄹ")])
    assert ids(matcher, "fuck 시발") == {1, 2}


def test_many_patterns_are_all_found() -> None:
    rng = random.Random(7)
    words = sorted(
        {"".join(chr(rng.randrange(0xAC00, 0xD7A4)) for _ in range(3)) for _ in range(5000)}
    )
    matcher = Matcher(Pattern(i, word) for i, word in enumerate(words))
    text = " ".join(words)
    found = matcher.find(text)
    assert {m.pattern_id for m in found} == set(range(len(words)))
    assert all(m.text == words[m.pattern_id] for m in found if len(m.text) == 3)


def test_own_exceptions() -> None:
    matcher = Matcher([Pattern(1, "닥쳐", exceptions=("닥쳐오", "닥쳐올"))])
    assert ids(matcher, "위기가 닥쳐오고 있다") == set()
    assert ids(matcher, "곧 닥쳐올 겨울") == set()
    assert ids(matcher, "닥쳐 좀") == {1}
    assert ids(matcher, "닥쳐오는 건 닥쳐") == {1}  # the exception hides only its own hit


@pytest.mark.parametrize(
    "text", ["시발점으로 돌아가자", "시발역에서 출발", "시발택시", "등신대 패널", "애자일 개발"]
)
def test_builtin_exceptions(matcher: Matcher, text: str) -> None:
    assert ids(matcher, text) == set()


def test_builtin_exceptions_apply_to_an_admins_own_patterns() -> None:
    matcher = Matcher([Pattern(77, "새끼"), Pattern(78, "한남")])
    assert ids(matcher, "새끼손가락 걸고 약속") == set()
    assert ids(matcher, "한남동 맛집") == set()
    assert ids(matcher, "이 새끼가") == {77}


def test_byeongsin_year_needs_a_year_nearby(matcher: Matcher) -> None:
    assert ids(matcher, "2016년은 병신년이었다") == set()
    assert ids(matcher, "병신년 새해 복 많이 받으세요") == set()
    assert ids(matcher, "이 병신년아") == {3}


def test_spaces_between_words_are_not_skipped(matcher: Matcher) -> None:
    assert ids(matcher, "아시 발견했어?") == set()
    assert ids(matcher, "몇 시? 발표 언제야?") == set()
    assert ids(matcher, "몇시?발표 자료는요") == set()
    assert ids(matcher, "요즘 시 발표하는 시인") == set()


def test_separators_inside_a_word_are_skipped(matcher: Matcher) -> None:
    for text in ["시 발", "시.발", "시1발", "시_발", "시~~발", "시\u200b발", "시 . 발"]:
        assert ids(matcher, text) == {1}, text


def test_compound_spacing(matcher: Matcher) -> None:
    assert ids(matcher, "저 미친 놈 좀 봐") == {9}
    assert ids(matcher, "안미친 놈") == set()  # the first part must be a whole word
    assert ids(matcher, "우리 집 개 새끼 낳았어") == set()  # one syllable is not enough


def test_short_latin_words_are_whole_words(matcher: Matcher) -> None:
    assert ids(matcher, "kiss my ass") == {34}
    assert ids(matcher, "asses") == {34}
    for text in ["assistant", "class", "bass", "assume", "passage", "Massachusetts"]:
        assert ids(matcher, text) == set(), text


def test_long_latin_words_are_found_inside_words(matcher: Matcher) -> None:
    assert ids(matcher, "bullshit") == {32}
    assert ids(matcher, "motherfucker") == {31}
    assert ids(matcher, "Scunthorpe United") == set()
    assert ids(matcher, "shitake") == set()


def test_choseong_as_a_token_of_its_own(matcher: Matcher) -> None:
    assert matcher.find("ㅅㅂ 진짜") == [Match(1, 0, 2, "ㅅㅂ")]
    assert ids(matcher, "ㅋㅋㅋㅅㅂ") == {1}
    assert ids(matcher, "ㅅㅂㅅㅂ") == {1}
    assert ids(matcher, "ㅂㅅ같네") == {3}  # 병신 and 븅신 share it: the lowest id
    assert ids(matcher, "ㄱㄴㄷㄹㅁㅂㅅㅇㅈ") == set()  # consonants inside a run
    assert ids(matcher, "사비로 샀어") == set()  # syllables are not 초성


def test_common_choseong_are_not_banned_words(matcher: Matcher) -> None:
    assert ids(matcher, "ㅇㅈ 그건 인정") == set()  # 애자 would be ㅇㅈ
    assert ids(matcher, "ㅇㅂ 얘기 하지 마") == set()  # 염병 would be ㅇㅂ


def test_choseong_needs_two_syllables() -> None:
    matcher = Matcher([Pattern(6, "좆")])
    assert ids(matcher, "ㅈ 같네") == set()


def test_regex_runs_on_folded_text(matcher: Matcher) -> None:
    assert matcher.find("씨 이 이 발") == [Match(101, 0, 7, "씨 이 이 발")]
    assert ids(matcher, "개색끼") == {103}
    assert ids(matcher, "ㅗㅗ") == {104}
    assert ids(matcher, "ㅗㅜㅑ") == set()


def test_regex_exceptions(matcher: Matcher) -> None:
    assert ids(matcher, "중고로 다시팔았어요") == set()
    assert ids(matcher, "씨팔") == {102}


@pytest.mark.parametrize(
    ("expression", "text"),
    [("(a+)+$", "a" * 40 + "b"), ("(x+x+)+y", "x" * 5000)],
)
def test_a_catastrophic_regex_gives_no_match_and_does_not_hang(
    expression: str, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    matcher = Matcher([Pattern(1, expression, is_regex=True), Pattern(2, "시발")])
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="madang.moderation.matcher"):
        assert matcher.find(text + " 시발") == [Match(2, len(text) + 1, len(text) + 3, "시발")]
    assert time.monotonic() - began < 2  # the limit is 0.05 s; this only guards a hang


def test_a_timed_out_regex_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    matcher = Matcher([Pattern(5, "(x+x+)+y", is_regex=True)], regex_timeout=0.01)
    with caplog.at_level(logging.WARNING, logger="madang.moderation.matcher"):
        assert matcher.find("x" * 5000) == []
    assert "banned regex 5 timed out" in caplog.text


def test_a_broken_regex_is_skipped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="madang.moderation.matcher"):
        matcher = Matcher([Pattern(1, "(unclosed", is_regex=True), Pattern(2, "시발")])
    assert ids(matcher, "시발") == {2}
    assert "banned regex 1 does not compile" in caplog.text


def test_the_labelled_set_is_big_enough() -> None:
    known = {pattern.id for pattern in PATTERNS}
    evasions = [
        case
        for group, cases in CASES_BY_TECHNIQUE.items()
        if group not in INNOCENT_GROUPS and group != "plain"
        for case in cases
    ]
    innocent = [case for group in INNOCENT_GROUPS for case in CASES_BY_TECHNIQUE[group]]
    assert len(CASES) >= 300
    assert len([case for case in evasions if case[1]]) >= 150
    assert len([case for case in innocent if not case[1]]) >= 150
    assert all(expected <= known for _, expected in CASES)


def test_precision_and_recall_over_the_labelled_set(matcher: Matcher) -> None:
    """Micro-averaged over (sentence, pattern) pairs."""
    hits = misses = false_alarms = 0
    for text, expected in CASES:
        found = ids(matcher, text)
        hits += len(found & expected)
        misses += len(expected - found)
        false_alarms += len(found - expected)
    precision = hits / (hits + false_alarms)
    recall = hits / (hits + misses)
    print(f"banned words: precision {precision:.3f} recall {recall:.3f} over {len(CASES)} cases")
    assert precision >= 0.98
    assert recall >= 0.98
