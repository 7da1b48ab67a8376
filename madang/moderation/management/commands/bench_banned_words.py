"""Time the banned-word matcher: build it for many patterns, then check a long post."""

from __future__ import annotations

import random
import statistics
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from madang.moderation.matcher import Matcher, Pattern
from madang.moderation.tests.banned_cases import PATTERNS

# What a busy board reads like: chatter, punctuation, laughter, numbers, a little English,
# and now and then an evasion, so that the checks after a hit are timed too.
_SENTENCES = (
    "오늘 점심 뭐 먹을지 고민이네요.",
    "어제 경기 보신 분? 마지막 골 진짜 대박이었음 ㅋㅋㅋ",
    "퇴근길 지하철이 너무 붐벼서 힘들었어요 ㅠㅠ",
    "이번 업데이트 패치노트 정리해 봤습니다. 참고하세요!",
    "2024년 3월 기준으로 가격이 15% 올랐다고 하네요.",
    "혹시 강남역 근처에 조용한 카페 아시는 분 계신가요?",
    "주말에 비 온다던데 우산 챙기세요~",
    "이 글 보고 따라 해 봤는데 잘 되네요 감사합니다 ㄱㅅ",
    "고양이가 키보드 위에서 자고 있어서 일을 못 함 😂",
    "솔직히 이건 좀 아닌 것 같아요... 다시 생각해 보세요.",
    "The patch notes are here: https://example.com/notes",
    "아 시 발 또 버그났네",
    "그 사람 완전 ㅂㅅ 아님?",
    "시발점부터 다시 확인해 봅시다.",
    "감염병 신고 기간이 연장되었습니다.",
    "ㅇㅈ 그건 인정이지",
)


def generated_patterns(count: int, seed: int) -> list[Pattern]:
    """Words of 2 to 4 syllables drawn from the 2,350 syllables of KS X 1001."""
    syllables = [
        bytes([a, b]).decode("euc-kr") for a in range(0xB0, 0xC9) for b in range(0xA1, 0xFF)
    ]
    rng = random.Random(seed)
    words = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(count * 2)}
    return [Pattern(10_000 + i, word) for i, word in enumerate(sorted(words)[:count])]


def generated_post(length: int, seed: int) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(_SENTENCES)
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)[:length]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class Command(BaseCommand):
    help = "Time building the banned-word matcher and checking a long post (not a test)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patterns", type=int, default=5000)
        parser.add_argument("--length", type=int, default=10_000)
        parser.add_argument("--runs", type=int, default=200)
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        patterns = [*PATTERNS, *generated_patterns(options["patterns"], options["seed"])]
        post = generated_post(options["length"], options["seed"])

        began = time.perf_counter()
        matcher = Matcher(patterns)
        build_ms = (time.perf_counter() - began) * 1000

        timings = []
        matches = matcher.find(post)  # warm the character table, as a running server has
        for _ in range(options["runs"]):
            began = time.perf_counter()
            matcher.find(post)
            timings.append((time.perf_counter() - began) * 1000)

        self.stdout.write(
            f"patterns: {len(patterns)}  post: {len(post)} chars  matches: {len(matches)}\n"
            f"build: {build_ms:.1f} ms\n"
            f"check: p50 {statistics.median(timings):.2f} ms  "
            f"p99 {percentile(timings, 0.99):.2f} ms  "
            f"max {max(timings):.2f} ms over {options['runs']} runs"
        )
