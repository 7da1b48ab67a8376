from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from madang.core.formatting import (
    comment_time,
    full_datetime,
    list_date,
    machine_time,
    thousands,
)

SEOUL = ZoneInfo("Asia/Seoul")


def seoul(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SEOUL)


NOW = seoul(2026, 11, 27, 13, 30)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        (seoul(2026, 11, 27, 13, 29), "13:29"),
        (seoul(2026, 11, 27, 0, 0), "00:00"),  # first minute of today
        (seoul(2026, 11, 26, 23, 59), "11.26"),  # last minute of yesterday
        (seoul(2026, 1, 1, 0, 0), "01.01"),  # first minute of this year
        (seoul(2025, 12, 31, 23, 59), "25.12.31"),  # last minute of last year
        (seoul(2016, 5, 21, 9, 5), "16.05.21"),
    ],
)
def test_list_date_shows_time_today_month_day_this_year_and_short_year_before(moment, shown):
    assert list_date(moment, NOW) == shown


def test_list_date_uses_seoul_midnight_not_utc():
    # 00:30 in Seoul on the 27th is still the 26th in UTC: it is "today" for a Seoul reader.
    now = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)  # 01:00 on the 27th in Seoul
    just_after_midnight = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)  # 00:30 Seoul
    just_before_midnight = datetime(2026, 11, 26, 14, 59, tzinfo=UTC)  # 23:59 Seoul, the 26th
    assert list_date(just_after_midnight, now) == "00:30"
    assert list_date(just_before_midnight, now) == "11.26"


def test_list_date_year_boundary_follows_seoul():
    now = datetime(2025, 12, 31, 15, 10, tzinfo=UTC)  # 00:10 on 2026-01-01 in Seoul
    assert list_date(datetime(2025, 12, 31, 14, 50, tzinfo=UTC), now) == "25.12.31"
    assert list_date(datetime(2025, 12, 31, 15, 5, tzinfo=UTC), now) == "00:05"


def test_list_date_of_a_utc_moment_is_shown_in_seoul_time():
    now = datetime(2026, 11, 27, 3, 0, tzinfo=UTC)
    assert list_date(datetime(2026, 11, 27, 2, 15, tzinfo=UTC), now) == "11:15"


def test_comment_time_adds_the_clock_to_older_dates():
    assert comment_time(seoul(2026, 11, 27, 9, 7), NOW) == "09:07"
    assert comment_time(seoul(2026, 3, 2, 21, 40), NOW) == "03.02 21:40"
    assert comment_time(seoul(2024, 5, 23, 14, 20), NOW) == "24.05.23 14:20"


def test_full_datetime_is_seoul_time():
    assert full_datetime(datetime(2024, 5, 23, 5, 20, tzinfo=UTC)) == "2024.05.23 14:20"
    assert full_datetime(datetime(2024, 5, 22, 15, 0, tzinfo=UTC)) == "2024.05.23 00:00"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (None, "0"),
        (999, "999"),
        (1000, "1,000"),
        (2282, "2,282"),
        (999_999, "999,999"),
        (1_000_000, "1,000,000"),
        (23_037_264, "23,037,264"),
    ],
)
def test_thousands_separators(value, shown):
    assert thousands(value) == shown


def test_list_date_one_second_apart_across_midnight():
    midnight = seoul(2026, 11, 27, 0, 0)
    assert list_date(midnight - timedelta(seconds=1), midnight + timedelta(minutes=1)) == "11.26"
    assert list_date(midnight, midnight + timedelta(minutes=1)) == "00:00"


def test_machine_time_is_seoul_time_to_the_second_for_time_datetime():
    # HTML's datetime attribute takes at most three digits of a second (Django's "c"
    # gives six); seconds are all a reader's software needs.
    moment = datetime(2026, 11, 27, 4, 30, 15, 123456, tzinfo=UTC)
    assert machine_time(moment) == "2026-11-27T13:30:15+09:00"


def test_a_piece_showing_a_signed_upload_address_is_made_anew_well_within_its_hour(
    monkeypatch,
):
    from madang.core import formatting

    assert formatting.media_window() == 0  # files on disk: addresses that never expire
    monkeypatch.setattr(formatting.default_storage, "querystring_auth", True, raising=False)
    now = [1_800_000_000.0]
    monkeypatch.setattr(formatting.time, "time", lambda: now[0])
    first = formatting.media_window()
    now[0] += formatting.SIGNED_URL_WINDOW
    assert formatting.media_window() == first + 1
    assert formatting.SIGNED_URL_WINDOW * 2 <= 3600  # a kept address lives at most two windows
