"""Personal-information guard for posts and comments.

Before a post or comment is published, madang looks for personal data the writer
typed by mistake (resident registration numbers, phone numbers, card numbers,
e-mail addresses and bank accounts), shows it masked and offers to publish the
text with those items masked.

Recall matters more than precision, but a guard that cries wolf at every date,
price or order number gets ignored, so each number is checked against its format,
its checksum where it has one, and the words around it.

Detection runs on a copy of the text folded with NFKC one character at a time
(full-width digits and dashes become ASCII), so offsets in the copy are offsets
in the original. Every pattern uses bounded quantifiers only, which keeps the work
linear in the length of the text even on hostile input.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

KINDS = ("rrn", "phone", "card", "email", "account")
LABELS = {
    "rrn": "주민등록번호",
    "phone": "전화번호",
    "card": "카드 번호",
    "email": "이메일 주소",
    "account": "계좌번호",
}

_DIGITS = frozenset("0123456789")
_Span = tuple[str, int, int]  # (kind, start, end)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int  # span in the original text
    end: int
    text: str  # the matched text exactly as typed

    @property
    def masked(self) -> str:
        """The text with most of it hidden; separators and length are kept."""
        return _MASKERS[self.kind](self.text)

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def find_personal_data(text: str) -> list[Finding]:
    """Every piece of personal data in text, sorted by start, never overlapping."""
    folded = _fold(text)
    candidates = [span for detect in _DETECTORS for span in detect(folded)]
    return [Finding(kind, s, e, text[s:e]) for kind, s, e in _resolve_overlaps(candidates)]


def mask_personal_data(text: str) -> str:
    """text with every finding replaced by its masked form."""
    parts: list[str] = []
    last = 0
    for finding in find_personal_data(text):
        parts += [text[last : finding.start], finding.masked]
        last = finding.end
    parts.append(text[last:])
    return "".join(parts)


# --- Normalisation ---------------------------------------------------------

# Dash look-alikes typed between digit groups, including the Hangul vowel ㅡ that
# Korean keyboards make handy. NFKC maps only some of them to "-".
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u3161")


def _fold(text: str) -> str:
    """NFKC one character at a time, so the result has the same length as text."""
    chars = []
    for ch in text:
        if ch.isascii():
            chars.append(ch)
        elif ch in _DASHES:
            chars.append("-")
        else:
            folded = unicodedata.normalize("NFKC", ch)
            # A few characters expand ("㈜" -> "(주)"); keep them as they are.
            chars.append(folded if len(folded) == 1 else ch)
    return "".join(chars)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch in _DIGITS)


# --- Checksums -------------------------------------------------------------

_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def rrn_checksum_ok(digits: str) -> bool:
    """The check digit of a 13-digit resident (or foreigner) registration number."""
    if len(digits) != 13 or not set(digits) <= _DIGITS:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:12], _RRN_WEIGHTS, strict=True))
    check = int(digits[12])
    if check == (11 - total % 11) % 10:
        return True
    # Foreigner numbers (gender digit 5-8) issued before 2020 used 13 instead of 11.
    return digits[6] in "5678" and check == (13 - total % 11) % 10


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check used by payment cards."""
    if not digits or not set(digits) <= _DIGITS:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _card_prefix_ok(digits: str) -> bool:
    """Whether the length and issuer prefix belong to a real card scheme.

    Luhn alone passes one random number in ten; issuer prefixes rule out most
    order numbers (which tend to start with a year) and 13-digit RRNs.
    """
    n, head = len(digits), digits[:2]
    if n == 13:
        return head[0] == "4"  # old Visa
    if n == 14:
        return head in {"30", "36", "38"}  # Diners
    if n == 15:
        return head in {"34", "37"}  # American Express
    if head[0] in "456" or head == "35":  # Visa, Mastercard/Maestro, Discover/UnionPay, JCB
        return True
    # 16 digits only: Mastercard's 2-series and Korean domestic cards (BC and others, 9xxx).
    return n == 16 and ("2221" <= digits[:4] <= "2720" or head[0] == "9")


def _isbn_ok(digits: str) -> bool:
    """ISBN-13 check (ISBN-10 needs no check: ten digits are never taken as an account
    without a bank word)."""
    if len(digits) == 13 and digits[:3] in {"978", "979"}:
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    return False


# --- Context words ---------------------------------------------------------

# Words that say what a nearby number is. "번호" is allowed after each word so that
# "주문번호" beats the phone word "번호" it contains (ties go to the negative side).
_SUFFIX = r"(?:\s?(?:등록)?\s?번호)?"
_NEGATIVE_WORDS = re.compile(
    r"(?:주문|운송장|송장|택배|배송|사업자|법인|통신판매|버전|모델|ISBN|시리얼|일련|제품|접수|예약"
    r"|승인|인증|고객|회원|학번|사번|우편|등기|품번|바코드|특허|과목|학수|강의|코드|serial|version"
    r"|model|order|tracking|s/n)" + _SUFFIX,
    re.IGNORECASE,
)
_RRN_WORDS = re.compile(r"(?:주민|주번|외국인\s?등록)" + _SUFFIX)
_PHONE_WORDS = re.compile(
    r"(?:전화|연락|휴대|핸드폰|폰|문자|카톡|팩스|tel|fax|call)" + _SUFFIX, re.I
)
_CARD_WORDS = re.compile(r"(?:카드|결제|신용|체크|할부|visa|master)" + _SUFFIX, re.IGNORECASE)
_ACCOUNT_WORDS = re.compile(
    r"(?:계좌|입금|송금|이체|은행|뱅크|농협|신한|새마을|우체국|수협|신협|예금주|무통장|환불"
    r"|KB|NH|IBK|SC제일|씨티)" + _SUFFIX,
    re.IGNORECASE,
)
# Bank names that are also everyday words ("우리 집", "하나 더", "국민 여러분") only
# count right next to the number.
_WEAK_BANK_WORDS = re.compile(r"국민|우리|하나|기업|토스|카뱅")
_ADJACENT_REACH = 3
_AFTER_REACH = 12


def _closest(pattern: re.Pattern[str], text: str, start: int, end: int, reach: int) -> int | None:
    """Distance from the span to the nearest match of pattern, if any is close enough.

    Words usually introduce a number, so the window after it is shorter.
    """
    before = [start - m.end() for m in pattern.finditer(text, max(0, start - reach), start)]
    after_reach = min(reach, _AFTER_REACH)
    after = [m.start() - end for m in pattern.finditer(text, end, end + after_reach)]
    return min(before + after, default=None)


def _context(
    text: str,
    start: int,
    end: int,
    positive: re.Pattern[str],
    reach: int = 20,
    adjacent: re.Pattern[str] | None = None,
) -> int:
    """+1 when the nearest telling word supports the kind, -1 when it names
    something else (an order, a parcel, a business...), 0 when there is none.

    Words matching adjacent count for the kind only right next to the number.
    """
    found = [_closest(positive, text, start, end, reach)]
    if adjacent is not None:
        found.append(_closest(adjacent, text, start, end, _ADJACENT_REACH))
    pos = min((d for d in found if d is not None), default=None)
    neg = _closest(_NEGATIVE_WORDS, text, start, end, reach)
    if neg is not None and (pos is None or neg <= pos):
        return -1
    return 0 if pos is None else 1


# --- Detectors -------------------------------------------------------------

# A number must be a whole token: not glued to other digits or letters, and not
# one link of a dotted or hyphenated chain (dates, versions, "ORD-2024-0523-001").
_LEFT = r"(?<![0-9A-Za-z])(?<![0-9A-Za-z][-.])"
_RIGHT = r"(?![0-9A-Za-z])(?![-.][0-9A-Za-z])"

_RRN = re.compile(_LEFT + r"(?P<birth>\d{6})(?P<sep>[- ]?)(?P<rest>[1-8]\d{6})" + _RIGHT, re.A)
# The gender digit also gives the century: 1/2/5/6 born in the 1900s, 3/4/7/8 in the 2000s.
_CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000}


def _find_rrn(text: str) -> Iterator[_Span]:
    for m in _RRN.finditer(text):
        birth, rest = m["birth"], m["rest"]
        try:
            date(_CENTURY[rest[0]] + int(birth[:2]), int(birth[2:4]), int(birth[4:]))
        except ValueError:
            continue
        verdict = _context(text, m.start(), m.end(), _RRN_WORDS, reach=15)
        # Numbers issued since October 2020 carry no valid checksum, so the words
        # around them are the only evidence.
        if verdict > 0 or (rrn_checksum_ok(birth + rest) and (m["sep"] or verdict == 0)):
            yield "rrn", m.start(), m.end()


# Mobile prefixes, then area codes and 070 internet phones.
_PREFIX = r"(?:1[016789]|2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70)"
# Between groups: a hyphen or dot (spaces around it allowed), a space, or nothing.
_SEP = r"(?: ?[-.] ?| )?"
_AREA = r"(?:\(0" + _PREFIX + r"\)|0" + _PREFIX + r"\)?)"  # "(02)", "02)" or "02"
_SUBSCRIBER = _SEP + r"\d{3,4}" + _SEP + r"\d{4}" + _RIGHT
# Letters may touch the number ("Tel010-1234-5678"), digits may not.
_PHONE = re.compile(r"(?<![0-9+])(?<![0-9][-.])" + _AREA + _SUBSCRIBER, re.ASCII)
_PHONE_INTL = re.compile(
    r"\+ ?82" + _SEP + r"(?:\(0\) ?)?0?" + _PREFIX + r"\)?" + _SUBSCRIBER, re.ASCII
)


def _find_phone(text: str) -> Iterator[_Span]:
    for pattern in (_PHONE, _PHONE_INTL):
        for m in pattern.finditer(text):
            # An unbroken landline number could be a tracking or order number;
            # an unbroken 01x number is a mobile number almost always.
            run_together = m.group().isdigit() and not m.group().startswith("01")
            if run_together and _context(text, m.start(), m.end(), _PHONE_WORDS) < 0:
                continue
            yield "phone", m.start(), m.end()


_CARD = re.compile(
    _LEFT
    + r"(?:\d{4}(?:[- ]?\d{4}){3}(?:-?\d{1,3})?|\d{4}[- ]?\d{6}[- ]?\d{4,5}|\d{13,15})"
    + _RIGHT,
    re.ASCII,
)


def _find_card(text: str) -> Iterator[_Span]:
    for m in _CARD.finditer(text):
        digits = _digits(m.group())
        if not (13 <= len(digits) <= 19 and luhn_ok(digits) and _card_prefix_ok(digits)):
            continue
        if digits == m.group() and _context(text, m.start(), m.end(), _CARD_WORDS) < 0:
            continue  # an unbroken run next to "주문번호" is an order number
        yield "card", m.start(), m.end()


# Starts on a letter or digit; a dot may precede it ("...hong@example.com").
_LOCAL = r"(?<![A-Za-z0-9_%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}"
_EMAIL = re.compile(
    _LOCAL + r"@(?:[A-Za-z0-9-]{1,63}\.){1,8}(?P<tld>[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)
# "hong (at) example.com", "hong 골뱅이 example.com", "hong@example dot com".
# Only with a common top-level domain, so that prose is not taken for an address.
_AT = r"(?:@|\s?[(\[{<]\s?(?:at|골뱅이)\s?[)\]}>]\s?|\s?골뱅이\s?)"
_DOT = r"(?:\.|\s?[(\[{<]\s?(?:dot|닷|점)\s?[)\]}>]\s?|\s(?:dot|닷)\s)"
_LABEL = r"[A-Za-z0-9-]{1,63}"
_OBFUSCATED_EMAIL = re.compile(
    rf"{_LOCAL}{_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,3}}{_DOT}"
    r"(?:com|net|org|kr|io|me|jp|edu|gov|info|biz|dev)(?![A-Za-z0-9-])",
    re.IGNORECASE,
)
# "logo@2x.png" is an image name, not an address.
_FILE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "svg", "pdf", "zip", "txt"})


def _find_email(text: str) -> Iterator[_Span]:
    for m in _EMAIL.finditer(text):
        if m["tld"].lower() not in _FILE_EXTENSIONS:
            yield "email", m.start(), m.end()
    for m in _OBFUSCATED_EMAIL.finditer(text):
        yield "email", m.start(), m.end()


_ACCOUNT = re.compile(_LEFT + r"\d{2,6}(?:-\d{1,7}){1,3}" + _RIGHT, re.ASCII)
# Unbroken, or with spaces between groups. Long runs and spaced groups are just as
# often prices, codes or scores, so these forms count only next to a bank word.
_PLAIN_ACCOUNT = re.compile(
    _LEFT
    + r"(?<![₩$])(?:\d{10,14}|\d{2,6}(?: \d{2,7}){2,3})"
    + _RIGHT
    + r"(?!\s?(?:원|달러|만|억))",
    re.ASCII,
)


def _find_account(text: str) -> Iterator[_Span]:
    for m in _ACCOUNT.finditer(text):
        groups = m.group().split("-")
        if not _account_length_ok(groups):
            continue
        verdict = _account_context(text, m.start(), m.end())
        if verdict > 0 or (verdict == 0 and _bank_shaped(groups)):
            yield "account", m.start(), m.end()
    for m in _PLAIN_ACCOUNT.finditer(text):
        groups = m.group().split(" ")
        if _account_length_ok(groups) and _account_context(text, m.start(), m.end()) > 0:
            yield "account", m.start(), m.end()


def _account_context(text: str, start: int, end: int) -> int:
    return _context(text, start, end, _ACCOUNT_WORDS, adjacent=_WEAK_BANK_WORDS)


def _account_length_ok(groups: list[str]) -> bool:
    """10 to 14 digits; only the last group may be a single digit (9002-1234-5678-9)."""
    return 10 <= sum(map(len, groups)) <= 14 and min(len(g) for g in groups[:-1] or ["00"]) >= 2


def _bank_shaped(groups: list[str]) -> bool:
    """Whether hyphenated groups with no telling words around look like an account."""
    if len(groups) not in (3, 4):
        return False
    # Korean bank accounts have 11 to 14 digits. Ten hyphenated digits are far more
    # often a business registration number (123-45-67890, public by design), an
    # ISBN-10 or a foreign phone number.
    if len("".join(groups)) < 11:
        return False
    if len(groups[0]) == 4 and groups[0][:2] in {"19", "20"}:
        return False  # years and date-based codes: 2019-2020-2021, 2024-0523-1420
    return not _isbn_ok("".join(groups))


_DETECTORS: tuple[Callable[[str], Iterator[_Span]], ...] = (
    _find_rrn,
    _find_card,
    _find_phone,
    _find_email,
    _find_account,
)
# On overlap the longer span wins; on a tie, the more sensitive kind. An account
# never claims a number that is also a phone or card number.
_PRIORITY = {"rrn": 0, "card": 1, "phone": 2, "email": 3, "account": 4}


def _resolve_overlaps(candidates: list[_Span]) -> list[_Span]:
    chosen: list[_Span] = []  # kept sorted by start, never overlapping
    starts: list[int] = []
    for span in sorted(candidates, key=lambda c: (c[1] - c[2], _PRIORITY[c[0]], c[1])):
        _, start, end = span
        i = bisect_left(starts, start)
        if (i > 0 and chosen[i - 1][2] > start) or (i < len(chosen) and chosen[i][1] < end):
            continue
        chosen.insert(i, span)
        starts.insert(i, start)
    return chosen


# --- Masking ---------------------------------------------------------------


def _mask_digits(text: str, keep_head: int, keep_tail: int) -> str:
    """Hide every digit but the first keep_head and the last keep_tail."""
    folded = _fold(text)
    total = len(_digits(folded))
    out, seen = [], 0
    for original, ch in zip(text, folded, strict=True):
        if ch in _DIGITS:
            out.append(original if seen < keep_head or seen >= total - keep_tail else "*")
            seen += 1
        else:
            out.append(original)
    return "".join(out)


def _mask_phone(text: str) -> str:
    """Hide the middle group: 010-****-5678, +82 10-****-5678."""
    folded = _fold(text)
    digits = _digits(folded)
    national = "0" + digits[2:].lstrip("0") if "+" in folded else digits
    area = 2 if national.startswith("02") else 3
    middle = len(national) - area - 4
    return _mask_digits(text, keep_head=len(digits) - 4 - middle, keep_tail=4)


def _mask_email(text: str) -> str:
    """Keep the first two characters of the local part and the whole domain."""
    local = re.match(r"[A-Za-z0-9._%+-]*", _fold(text))
    length = local.end() if local else 0
    keep = max(0, min(2, length - 1))
    return text[:keep] + "*" * (length - keep) + text[length:]


_MASKERS: dict[str, Callable[[str], str]] = {
    "rrn": lambda t: _mask_digits(t, keep_head=6, keep_tail=0),  # birth date only
    "phone": _mask_phone,
    "card": lambda t: _mask_digits(t, keep_head=0, keep_tail=4),
    "email": _mask_email,
    "account": lambda t: _mask_digits(t, keep_head=3, keep_tail=3),
}
