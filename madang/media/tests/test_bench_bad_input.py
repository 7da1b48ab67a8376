"""The bad-input bench runs, one case in a process of its own, and prints its table."""

from __future__ import annotations

from madang.media import bench_bad_input


def test_a_case_is_probed_in_a_process_of_its_own() -> None:
    rows = bench_bad_input.run(only=("SVG with a script", "GIF frame flood"))
    assert [(row.case, row.answer) for row in rows] == [
        ("SVG with a script", "refused: type"),
        ("GIF frame flood", "refused: frames"),
    ]
    assert all(row.seconds >= 0 and row.peak_mb > 10 for row in rows)
    table = bench_bad_input.table(rows)
    assert "GIF frame flood" in table and "refused: frames" in table
