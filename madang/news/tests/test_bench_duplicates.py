"""The duplicate benchmark measures the check it says it measures (its figures are not tested)."""

from __future__ import annotations

from madang.news import bench_duplicates


def test_the_benchmark_finds_every_link_posted_again() -> None:
    result = bench_duplicates.run(window_size=300, runs=30, seed=1)
    # A third of the new posts repeat a link of the window; each must be found.
    assert result.repeats_found >= 10
    assert result.window == 300 and result.runs == 30
    assert "p95" in bench_duplicates.table(result)


def test_the_vocabulary_comes_from_the_labelled_titles() -> None:
    words = bench_duplicates.vocabulary()
    assert words["기준금리"] >= 2
    assert "[단독]" not in words
