# ruff: noqa: RUF001
# (the brackets, quotes and full-width letters of news titles are what this file is about)
"""The title normaliser, the similarity, and what keeps a follow-up from passing for a copy."""

from __future__ import annotations

import pytest

from madang.news.titles import (
    THRESHOLD,
    Title,
    is_near_duplicate,
    normalise_title,
    similarity,
)


@pytest.mark.parametrize(
    ("title", "normalised"),
    [
        ("[단독] 공공기관 법인카드 사적 사용 적발", "공공기관 법인카드 사적 사용 적발"),
        ("[속보][포토] 도심 싱크홀에 택시 빠져", "도심 싱크홀에 택시 빠져"),
        ("당정, 전기요금 동결 합의(종합)", "당정 전기요금 동결 합의"),
        ("【포토】 벚꽃 만개한 여의도", "벚꽃 만개한 여의도"),
        ("〔르포〕 새벽 인력시장", "새벽 인력시장"),
        ("<인터뷰> 신임 총장 “기초학문 살린다”", "신임 총장 기초학문 살린다"),
        ("[펌] 중고거래 사기 피해액 (링크)", "중고거래 사기 피해액"),
        ("[2024 총선] 여야 막판 유세", "여야 막판 유세"),
        ("지하철 요금 인상 [연합뉴스]", "지하철 요금 인상"),
    ],
)
def test_tags_and_bracketed_words_at_the_ends_go(title: str, normalised: str) -> None:
    assert normalise_title(title) == normalised


@pytest.mark.parametrize(
    "title",
    [
        "지하철 요금 인상 - 연합뉴스",
        "지하철 요금 인상 | 한겨레",
        "지하철 요금 인상 : 네이버 뉴스",
        "지하철 요금 인상(뉴시스)",
        "지하철 요금 인상 - 부산일보",
        "지하철 요금 인상 :: 데일리안",
    ],
)
def test_a_press_or_portal_name_at_the_end_goes(title: str) -> None:
    assert normalise_title(title) == "지하철 요금 인상"


def test_dashes_inside_a_title_are_not_a_press_name() -> None:
    assert normalise_title("한-일 경제 협력 강화") == "한 일 경제 협력 강화"
    assert normalise_title("A - B - 뉴스1") == "a b"


def test_brackets_that_hold_the_story_stay() -> None:
    assert normalise_title("<기생충> 아카데미 4관왕") == "기생충 아카데미 4관왕"
    assert normalise_title("코스피 2600 회복 (전년比 20%↑)") == "코스피 2600 회복 전년비 20"
    assert normalise_title("(주)대한 인수 추진") == "주 대한 인수 추진"


def test_an_updates_number_is_kept_as_a_word_at_the_end() -> None:
    assert normalise_title("전기요금 동결 합의(종합2보)") == "전기요금 동결 합의 2보"
    assert normalise_title("[3보] 1호선 운행 중단") == "1호선 운행 중단 3보"
    assert normalise_title("1호선 운행 중단 (1보)") == "1호선 운행 중단"


def test_quotes_ellipses_and_punctuation_become_spaces() -> None:
    assert normalise_title("“아이 맡길 곳 없다”…어린이집 ‘폐원’ 「속출」") == (
        "아이 맡길 곳 없다 어린이집 폐원 속출"
    )
    assert normalise_title("반값 택배...전국 확대!!  ") == "반값 택배 전국 확대"


def test_width_case_and_compatibility_forms_are_folded() -> None:
    assert normalise_title("ＳＫ하이닉스 ＨＢＭ 증산") == "sk하이닉스 hbm 증산"
    assert normalise_title("KTX 환불") == normalise_title("ktx 환불")


def test_numbers_lose_their_thousands_separators_and_keep_decimals() -> None:
    assert normalise_title("영업익 10조 4,000억원…1.5배") == "영업익 10조 4000억원 1.5배"


def test_headline_hanja_are_read_in_hangul() -> None:
    assert normalise_title("與野, 北 미사일 규탄") == "여야 북 미사일 규탄"
    assert normalise_title("金값 사상 최고") == "금값 사상 최고"


def test_native_day_counts_are_read_as_numbers() -> None:
    assert normalise_title("실종 등산객 수색 사흘째") == "실종 등산객 수색 3일째"


def test_normalising_twice_changes_nothing() -> None:
    for title in ("[속보] 당정, 전기요금 동결(종합2보) - 연합뉴스", "金값 사흘째 ‘최고’…"):
        once = normalise_title(title)
        assert normalise_title(once) == once
        assert Title.of(title) == Title.from_normalised(once)


def test_an_empty_or_tag_only_title_is_empty() -> None:
    assert normalise_title("") == ""
    assert normalise_title("[속보]") == ""
    assert not is_near_duplicate("[속보]", "[속보]")


def test_similarity_is_one_for_the_same_words_and_small_for_others() -> None:
    assert similarity("[단독] 택시 기본요금 인상", "택시 기본요금 인상 - 연합뉴스") == 1.0
    assert similarity("택시 기본요금 인상", "프로야구 개막전 매진") == 0.0
    assert 0 < similarity("택시 기본요금 인상 추진", "택시 요금 인상") < 1


def test_similarity_ignores_spacing() -> None:
    assert similarity("해외 직구 규제 강화", "해외직구 규제강화") == 1.0


def test_a_copy_under_another_press_title_is_a_near_duplicate() -> None:
    assert is_near_duplicate("韓 조선업 수주량 세계 1위 탈환", "한국 조선업, 수주량 세계 1위 탈환")
    assert is_near_duplicate("[단독] 대형마트 새벽배송 규제 푼다", "대형마트 새벽배송 규제 푼다")


def test_titles_below_the_threshold_are_not() -> None:
    a, b = "청년도약계좌 가입 조건 완화", "청년도약계좌 가입 조건 완화 신청자 몰려 접수 지연 사태"
    assert similarity(a, b) < THRESHOLD
    assert not is_near_duplicate(a, b)


def test_another_update_is_not_a_copy() -> None:
    assert not is_near_duplicate("전기요금 동결 합의", "전기요금 동결 합의(종합2보)")
    assert not is_near_duplicate("1호선 운행 중단(2보)", "1호선 운행 중단(3보)")
    assert is_near_duplicate("[속보] 1호선 운행 중단", "1호선 운행 중단(1보)")


def test_different_numbers_make_another_story() -> None:
    assert not is_near_duplicate("서울 아파트값 3주 연속 상승", "서울 아파트값 4주 연속 상승")
    assert not is_near_duplicate("실종 등산객 수색 사흘째", "실종 등산객 수색 나흘째")
    # One title without numbers may still be the same story.
    assert is_near_duplicate("비트코인 사상 첫 1억원 돌파", "비트코인 사상 첫 억원 돌파")


def test_numbers_compare_by_value() -> None:
    assert Title.of("가입자 1천만명").numbers == Title.of("가입자 1000만명").numbers


def test_a_marker_word_in_one_title_only_makes_a_follow_up() -> None:
    assert not is_near_duplicate("대형 건설사 워크아웃 신청", "대형 건설사 워크아웃 신청 철회")
    assert not is_near_duplicate("프랜차이즈 갑질 의혹", "프랜차이즈 갑질 의혹 해명")
    assert not is_near_duplicate("노조 주장 반박", "노조 주장 재반박")


def test_words_of_opposite_meaning_make_another_story() -> None:
    assert not is_near_duplicate("국회 본회의 간호법 가결", "국회 본회의 간호법 부결")


def test_another_spelling_of_a_marker_is_the_marker() -> None:
    assert Title.of("KTX 환불 수수료 내린다").markers == Title.of("KTX 환불 수수료 인하").markers
    assert is_near_duplicate("KTX 승차권 환불 수수료 인하", "KTX 승차권 환불 수수료 내린다")


def test_a_word_swapped_for_another_makes_another_story() -> None:
    assert not is_near_duplicate("서울 지하철 심야 운행 재개", "부산 지하철 심야 운행 재개")
    assert not is_near_duplicate("프로농구 결승 1차전 승리", "프로배구 결승 1차전 승리")


def test_particles_after_a_word_are_not_another_word() -> None:
    assert is_near_duplicate("편의점 반값택배 전국 확대 시행", "편의점 반값택배 전국으로 확대 시행")


def test_titles_too_short_to_tell_are_never_duplicates() -> None:
    assert not is_near_duplicate("속보임", "속보임")
