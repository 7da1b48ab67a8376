"""Tests for the personal-information guard (madang.accounts.pii). No database needed."""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import pairwise

import pytest

from madang.accounts.pii import (
    KINDS,
    LABELS,
    Finding,
    find_personal_data,
    luhn_ok,
    mask_personal_data,
    rrn_checksum_ok,
)
from madang.accounts.tests.pii_cases import CASES


def fullwidth(text: str) -> str:
    """The same text typed with full-width digits, letters and punctuation."""
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def kinds_in(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text)]


def only_finding(text: str) -> Finding:
    findings = find_personal_data(text)
    assert len(findings) == 1, findings
    return findings[0]


# --- Checksums ---------------------------------------------------------------


@pytest.mark.parametrize("number", ["9001011432294", "8512242559639", "0001013157085"])
def test_rrn_checksum_accepts_valid_numbers(number):
    assert rrn_checksum_ok(number)


@pytest.mark.parametrize(
    "number", ["9001011432295", "8512242559630", "900101143229", "90010114322945", "90010a1432294"]
)
def test_rrn_checksum_rejects_wrong_digit_or_length(number):
    assert not rrn_checksum_ok(number)


def rrn_check_digits(body: str) -> tuple[int, int]:
    """(citizen check digit, pre-2020 foreigner check digit) for 12 digits."""
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return (11 - total % 11) % 10, (13 - total % 11) % 10


def test_rrn_checksum_accepts_old_foreigner_formula_only_for_foreigners():
    foreigner, citizen = "900101534091", "900101134095"
    assert rrn_check_digits(foreigner)[0] != rrn_check_digits(foreigner)[1]
    assert rrn_checksum_ok(foreigner + str(rrn_check_digits(foreigner)[1]))
    assert rrn_check_digits(citizen)[0] != rrn_check_digits(citizen)[1]
    assert not rrn_checksum_ok(citizen + str(rrn_check_digits(citizen)[1]))
    assert rrn_checksum_ok(citizen + str(rrn_check_digits(citizen)[0]))


@pytest.mark.parametrize("number", ["4441517476818820", "378088779024123", "4069116943110"])
def test_luhn_accepts_valid_numbers(number):
    assert luhn_ok(number)


@pytest.mark.parametrize("number", ["4441517476818821", "4335601562273775", "", "4441-5174"])
def test_luhn_rejects_invalid_numbers(number):
    assert not luhn_ok(number)


# --- Positives, one format at a time -------------------------------------------

POSITIVES = [
    # Resident registration numbers.
    ("rrn", "가입할 때 900101-1432294 넣었어요", "900101-1432294"),
    ("rrn", "9001011432294 지워주세요", "9001011432294"),
    ("rrn", "990228 1329173 이렇게요", "990228 1329173"),
    ("rrn", "외국인등록번호 900101-5340918 입니다", "900101-5340918"),
    ("rrn", "주민번호 201015-3555846 오류나요", "201015-3555846"),  # post-2020, no checksum
    ("rrn", "주민등록번호는2205173225491이에요", "2205173225491"),
    ("rrn", "주번 850707-1663184", "850707-1663184"),
    ("rrn", "230101-3270169 이게 제 주민번호예요", "230101-3270169"),  # the word comes after
    # Phone numbers.
    ("phone", "010-2345-6789로 문자 주세요", "010-2345-6789"),
    ("phone", "010.2345.6789", "010.2345.6789"),
    ("phone", "010 2345 6789 입니다", "010 2345 6789"),
    ("phone", "연락은01023456789로", "01023456789"),
    ("phone", "011-234-5678", "011-234-5678"),
    ("phone", "010 - 2345 - 6789 요", "010 - 2345 - 6789"),
    ("phone", "서울 02-123-4567", "02-123-4567"),
    ("phone", "(02) 1234-5678 문의", "(02) 1234-5678"),
    ("phone", "031-234-5678", "031-234-5678"),
    ("phone", "064)789-0123", "064)789-0123"),
    ("phone", "070-8765-4321", "070-8765-4321"),
    ("phone", "+82 10-2345-6789", "+82 10-2345-6789"),
    ("phone", "+821023456789 추가", "+821023456789"),
    ("phone", "+82-2-345-6789", "+82-2-345-6789"),
    ("phone", "+82 (0)10 9876 5432", "+82 (0)10 9876 5432"),
    ("phone", "Tel.031-987-6543", "031-987-6543"),
    ("phone", "010ㅡ2345ㅡ6789", "010ㅡ2345ㅡ6789"),
    ("phone", "010–2345–6789", "010–2345–6789"),  # en dashes  # noqa: RUF001
    # Card numbers.
    ("card", "4441-5174-7681-8820 분실", "4441-5174-7681-8820"),
    ("card", "4441 5174 7681 8820", "4441 5174 7681 8820"),
    ("card", "카드번호4441517476818820입니다", "4441517476818820"),
    ("card", "아멕스 3415-469357-17694", "3415-469357-17694"),
    ("card", "3780 887790 24123", "3780 887790 24123"),
    ("card", "다이너스 3666-542917-0903", "3666-542917-0903"),
    ("card", "비자 4069116943110", "4069116943110"),
    ("card", "4695-8931-8894-3836-250", "4695-8931-8894-3836-250"),
    ("card", "BC 9410-9105-4058-4922", "9410-9105-4058-4922"),
    ("card", "2221-3586-7795-0850", "2221-3586-7795-0850"),
    # E-mail addresses.
    ("email", "hong.gildong@example.com 으로", "hong.gildong@example.com"),
    ("email", "madang+board@example.org", "madang+board@example.org"),
    ("email", "메일은kim_minsu@mail.example.net입니다", "kim_minsu@mail.example.net"),
    ("email", "답장은 a.b@example.co.kr 로.", "a.b@example.co.kr"),
    ("email", "hong (at) example.com", "hong (at) example.com"),
    ("email", "yuna [at] example dot net 으로", "yuna [at] example dot net"),
    ("email", "minsu@example dot com", "minsu@example dot com"),
    ("email", "jinsu 골뱅이 example.net", "jinsu 골뱅이 example.net"),
    # Bank accounts.
    ("account", "신한 110-123-456789", "110-123-456789"),
    ("account", "123456-01-234567 예금주 홍길동", "123456-01-234567"),
    ("account", "1002-345-678901 로 보내주세요", "1002-345-678901"),
    ("account", "3333-01-2345678", "3333-01-2345678"),
    ("account", "농협 352-1234-5678-13", "352-1234-5678-13"),
    ("account", "012-34-567890", "012-34-567890"),
    ("account", "새마을금고 9002-1234-5678-9", "9002-1234-5678-9"),
    ("account", "계좌 110123456789 로 송금", "110123456789"),
    ("account", "신한은행 110 123 456789 로", "110 123 456789"),
    ("account", "카카오뱅크3333012345678", "3333012345678"),
    ("account", "국민 12345601234567", "12345601234567"),
    ("account", "12345601234567 국민은행으로 입금", "12345601234567"),  # the word comes after
]


@pytest.mark.parametrize(("kind", "text", "expected"), POSITIVES)
def test_each_format_is_found(kind, text, expected):
    finding = only_finding(text)
    assert (finding.kind, finding.text) == (kind, expected)
    assert text[finding.start : finding.end] == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("phone", "010-2345-6789"),
        ("rrn", "주민번호 900101-1432294"),
        ("card", "4441-5174-7681-8820"),
        ("account", "계좌 110-123-456789"),
        ("email", "hong@example.com"),
    ],
)
def test_full_width_input_is_found_with_original_offsets(kind, text):
    wide = "앞에 글자가 있고 " + fullwidth(text) + " 뒤에도 있어요"
    finding = find_personal_data(wide)[-1]
    assert finding.kind == kind
    assert wide[finding.start : finding.end] == finding.text
    assert finding.text.endswith(fullwidth(text)[-4:])


# --- Negatives, one category at a time -----------------------------------------

NEGATIVES = {
    "dates and times": ["2024-05-23", "2024.05.23", "24.05.23 14:20", "20240523", "20240523143000"],
    "prices": [
        "1,234,000원",
        "12000원",
        "₩3,500",
        "2,345,678,900원",
        "계좌로 1500000000원 보냈어요",
    ],
    "order numbers": [
        "주문번호 2024052312345678",
        "주문번호 ORD-2024-0523-001",
        "주문번호 7301234567",
    ],
    "tracking numbers": [
        "운송장 6123-4567-8901",
        "송장번호 123456789012",
        "택배 운송장 0212345678",
    ],
    "versions": ["v1.2.3", "10.0.19045.3693", "5.2.19", "124.0.6367.207", "버전 2024-0523-1234"],
    "isbn": [
        "ISBN 978-89-6626-123-4",
        "ISBN 89-7914-123-4",
        "ISBN 9788966261234",
        "978-89-6626123-9",
    ],
    "post numbers and counts": ["글번호 2443444", "1,024쪽", "토익 905점", "3-2 역전승", "110-98"],
    "model numbers": ["SM-S928N", "RF85C9111AP", "시리얼 1234-5678-9012", "모델 ABC-1234-5678-90"],
    "business numbers": [
        "사업자등록번호 123-45-67890",
        "123-45-67890",
        "법인등록번호 110111-1234567",
    ],
    "flats": ["101동 1203호", "서울시 강남구 테헤란로 123-45"],
    "course codes": ["CSE3010-01", "과목코드 0123-456-789", "MATH101"],
    "years and ranges": ["2020-2024", "2019-2020-2021", "2024-05-23-001", "1990~1999"],
    "coordinates and percentages": ["37.5665, 126.9780", "37.566535,126.977969", "35.5%"],
    "company numbers": ["1588-1234", "1544-0000", "1600-1234", "1899-1234", "15881234"],
    "emergency numbers": ["112", "119", "114"],
    "failed checksums": [
        "4441-5174-7681-8821",  # Luhn fails
        "4441517476818821",
        "5123-4567-8901-2345",
        "9001011432295",  # RRN checksum fails, no RRN word nearby
        "900101-1432295",
        "1234567890123",
    ],
    "e-mail look-alikes": [
        "logo@2x.png",
        "@홍길동 님",
        "user@localhost",
        "npm i @types/node@20.12.7",
    ],
    "bank words without numbers": [
        "국민 여러분 2024-2025 시즌",
        "우리 팀 1234567890점",
        "하나 둘 셋",
    ],
}


@pytest.mark.parametrize(
    "text", [text for texts in NEGATIVES.values() for text in texts], ids=lambda t: t[:20]
)
def test_look_alikes_are_not_flagged(text):
    assert find_personal_data(text) == []


def test_unbroken_digits_are_an_account_only_next_to_a_bank_word():
    assert kinds_in("110123456789") == []
    assert kinds_in("신한 110123456789") == ["account"]
    assert kinds_in("송장번호 110123456789 입금 확인 후 발송") == []  # the nearer word wins
    assert kinds_in("110 123 456789") == []
    assert kinds_in("신한 110 123 456789") == ["account"]


def test_weak_bank_names_count_only_right_next_to_the_number():
    assert kinds_in("우리 1002123456789") == ["account"]
    assert kinds_in("우리 집 근처 가게에서 1002123456789") == []


def test_post_2020_rrn_needs_rrn_words():
    assert kinds_in("2010153555846") == []
    assert kinds_in("201015-3555846") == []
    assert kinds_in("주민번호 201015-3555846") == ["rrn"]
    # Too far away: more than 15 characters before the number.
    assert kinds_in("주민번호는 안 적었고 이건 다른 숫자예요 201015-3555846") == []


def test_rrn_needs_a_real_birth_date_and_gender_digit():
    assert kinds_in("주민번호 901301-1432294") == []  # month 13
    assert kinds_in("주민번호 900230-1432294") == []  # 30 February
    assert kinds_in("주민번호 900101-9432294") == []  # gender digit 9
    assert kinds_in("주민번호 000229-3432294") == ["rrn"]  # 2000 was a leap year


def test_representative_numbers_are_not_phones_even_next_to_phone_words():
    assert kinds_in("전화 1588-1234 로 문의") == []
    assert kinds_in("연락처 1644-1234") == []


# --- Spans, overlaps, labels ---------------------------------------------------


def test_spans_match_text_sorted_and_disjoint_over_all_cases():
    for text, _ in CASES:
        findings = find_personal_data(text)
        for finding in findings:
            assert text[finding.start : finding.end] == finding.text
            assert finding.kind in KINDS
        for before, after in pairwise(findings):
            assert before.end <= after.start


def test_several_findings_keep_their_order_and_offsets():
    text = "메일 hong@example.com 전화 010-2345-6789 계좌 110-123-456789"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["email", "phone", "account"]
    assert [f.start for f in findings] == [text.index("hong"), text.index("010"), text.index("110")]


def test_overlapping_matches_are_resolved_to_one_finding():
    # A phone-shaped local part belongs to the e-mail address.
    assert kinds_in("01023456789@example.com") == ["email"]
    # Hyphenated 2-4-4 digits are both a landline and an account shape: the phone wins.
    assert kinds_in("02-1234-5678") == ["phone"]
    assert kinds_in("계좌 02-1234-5678") == ["phone"]
    # The digits after +82 also look like an account; the longer phone span wins.
    assert kinds_in("+82 10-2345-6789") == ["phone"]
    # A checksum-valid 13-digit run next to a bank word stays an RRN.
    assert kinds_in("입금 9001011432294") == ["rrn"]


def test_finding_label_is_korean_name_of_kind():
    finding = only_finding("010-2345-6789")
    assert finding.label == "전화번호"
    assert set(LABELS) == set(KINDS)


# --- Masking -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("900101-1432294", "900101-*******"),
        ("9001011432294", "900101*******"),
        ("010-1234-5678", "010-****-5678"),
        ("01012345678", "010****5678"),
        ("02-123-4567", "02-***-4567"),
        ("+82 10-1234-5678", "+82 10-****-5678"),
        ("4441-5174-7681-8820", "****-****-****-8820"),
        ("3780 887790 24123", "**** ****** *4123"),
        ("hong.gildong@example.com", "ho**********@example.com"),
        ("hong (at) example.com", "ho** (at) example.com"),
        ("110-123-456789", "110-***-***789"),
    ],
)
def test_masked_forms(text, masked):
    assert only_finding(text).masked == masked


def visible_digits(masked: str) -> str:
    return "".join(ch for ch in masked if ch.isdigit())


def test_masking_never_leaks_hidden_digits_over_all_cases():
    for text, _ in CASES:
        for finding in find_personal_data(text):
            masked = finding.masked
            assert len(masked) == len(finding.text)
            digits = [(i, ch) for i, ch in enumerate(finding.text) if ch.isdigit()]
            shown = [i for i, _ in digits if masked[i] != "*"]
            # Separators and other characters are kept as typed.
            for i, ch in enumerate(finding.text):
                if not ch.isdigit() and finding.kind != "email":
                    assert masked[i] == ch
            if finding.kind == "rrn":
                assert shown == [i for i, _ in digits[:6]], finding
            elif finding.kind in ("card", "account"):
                assert len(shown) <= 7
                assert all(i in {j for j, _ in digits[:3] + digits[-4:]} for i in shown)
            elif finding.kind == "phone" and "+" not in finding.text:
                assert len(shown) <= 7
            elif finding.kind == "email":
                folded = unicodedata.normalize("NFKC", finding.text)
                local = folded.split("@")[0].split(" ")[0]
                assert masked[2 : len(local)] == "*" * (len(local) - 2)


def test_mask_personal_data_replaces_each_finding():
    text = "연락 010-2345-6789, 메일 hong@example.com 부탁"
    assert mask_personal_data(text) == "연락 010-****-6789, 메일 ho**@example.com 부탁"


def test_mask_personal_data_leaves_text_without_personal_data_unchanged():
    for text, kinds in CASES:
        if not kinds:
            assert mask_personal_data(text) == text
    assert mask_personal_data("") == ""


def test_masked_text_has_nothing_left_to_find():
    for text, kinds in CASES:
        if kinds:
            assert find_personal_data(mask_personal_data(text)) == [], text


# --- The labelled set ----------------------------------------------------------


def test_labelled_set_is_big_enough_and_well_formed():
    positives = [kinds for _, kinds in CASES if kinds]
    negatives = [kinds for _, kinds in CASES if not kinds]
    assert len(positives) >= 110
    assert len(negatives) >= 110
    per_kind = Counter(kind for kinds in positives for kind in kinds)
    assert set(per_kind) == set(KINDS)
    assert min(per_kind.values()) >= 15
    assert sum(len(kinds) > 1 for kinds in positives) >= 5
    texts = [text for text, _ in CASES]
    assert len(set(texts)) == len(texts), "duplicate sentences"


def test_precision_and_recall_over_labelled_set():
    true_pos = false_pos = false_neg = 0
    misses = []
    for text, expected in CASES:
        predicted = set(kinds_in(text))
        true_pos += len(predicted & expected)
        false_pos += len(predicted - expected)
        false_neg += len(expected - predicted)
        if predicted != expected:
            misses.append((text, sorted(expected), sorted(predicted)))
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"PII guard: precision {precision:.3f} recall {recall:.3f} over {len(CASES)} sentences")
    for miss in misses:
        print("  mismatch:", miss)
    assert recall >= 0.99
    assert precision >= 0.98


# --- Hostile input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0123456789-" * 18_182,
        "1-" * 100_000,
        "12-" * 66_667,
        "9" * 200_000,
        "a@" * 100_000,
        "a." * 100_000,
        "a" * 200_000,
        "a (at) b dot " * 15_385,
        "+82 " * 50_000,
        "010-2345-6789 " * 14_286,
        "주민 " * 66_667,
    ],
    ids=lambda t: repr(t[:12]),
)
def test_long_hostile_input_is_processed(text):
    findings = find_personal_data(text)
    assert all(text[f.start : f.end] == f.text for f in findings)
    assert len(mask_personal_data(text)) == len(text)
