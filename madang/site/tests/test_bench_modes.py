"""The bench's render and mix modes, run small: a smoke run of each (the figures are
benchmarks, docs/performance.md; these check that the modes do what they say)."""

from __future__ import annotations

import re

import pytest

from madang.boards import actions
from madang.boards.models import Board
from madang.boards.paging import posts_per_page
from madang.boards.seeding import seed_board
from madang.site import bench_mix, bench_render


@pytest.fixture
def seeded(db) -> Board:
    board = actions.create_board(slug="square", name="스퀘어")
    for order, name in enumerate(("이슈", "유머")):
        actions.create_category(board=board, slug=f"c{order}", name=name, order=order)
    seed_board(board=board, posts=300, comments_per_post=2)
    return Board.objects.get(pk=board.pk)


def test_the_render_mode_times_each_page_and_counts_its_queries(seeded, tmp_path, capsys):
    results = bench_render.run(seeded, runs=3, profile=tmp_path)
    assert [case.name for case in results] == [
        "list page 1",
        "list, random deep page",
        "post, 100 comments",
        "post, random old post",
        "member list page 1, hiding a category",
        "member post, 100 comments",
    ]
    for case in results:
        assert len(case.times_ms) == 3 and min(case.queries) >= 1
        assert min(case.size) > 5000  # whole pages, not refusals
    assert len(list(tmp_path.glob("*.prof"))) == 6
    assert "top functions" in capsys.readouterr().out
    text = bench_render.table(results)
    assert "member post, 100 comments" in text


def test_the_traffic_follows_the_model(seeded):
    traffic = bench_mix.Traffic(seeded)
    kinds = [traffic.read().kind for _ in range(4000)]
    for kind, share in bench_mix.READS:
        assert abs(kinds.count(kind) / len(kinds) - share) < 0.03
    paths = [traffic.read().path for _ in range(500)]
    numbers = [int(path.rsplit("/", 1)[1]) for path in paths if re.fullmatch(r"/square/\d+", path)]
    assert numbers and all(1 <= number <= seeded.last_number for number in numbers)
    pages = [int(path.rsplit("=", 1)[1]) for path in paths if "?page=" in path]
    assert pages and all(1 <= page <= seeded.post_count // posts_per_page() for page in pages)
    member = next(r for r in iter(traffic.read, None) if r.kind == "member")
    assert member.headers["Cookie"].startswith("sessionid=")


@pytest.mark.postgres  # concurrent writers: the test server on SQLite's shared memory refuses them
@pytest.mark.django_db(transaction=True)
def test_a_step_of_the_mix_reads_and_writes_through_a_server(live_server):
    board = actions.create_board(slug="square", name="스퀘어")
    actions.create_category(board=board, slug="c0", name="이슈", order=0)
    seed_board(board=board, posts=200, comments_per_post=1)
    board = Board.objects.get(pk=board.pk)
    board.comment_gap_seconds = board.post_gap_seconds = 0
    board.save()
    traffic = bench_mix.Traffic(board)
    step = bench_mix.run_step(live_server.url, traffic, rate=30, seconds=2, writes=(2.0, 1.0))
    assert step.reads == 60 and step.read_errors == 0
    assert dict(step.errors) == {} and len(step.latencies["write"]) == 6
    assert board.posts.count() == 202  # the two posts the step wrote
    assert step.hits > 0  # the same page 1 again, from the page cache
    # Whether the step was held depends on this machine's speed: the table's row alone.
    assert bench_mix.table([step], floor=100.0).splitlines()[1].split()[:3] == ["30", "0.30", "30"]


def test_the_mix_warms_up_at_its_first_rate_and_does_not_count_it(seeded, monkeypatch):
    offered: list[tuple[float, float]] = []

    def step(base, traffic, rate, seconds, writes):  # type: ignore[no-untyped-def]
        offered.append((rate, seconds))
        found = bench_mix.Step(rate, seconds)
        found.latencies["list page 1"].append(10.0 if len(offered) < 3 else 900.0)
        return found

    monkeypatch.setattr(bench_mix, "run_step", step)
    steps = bench_mix.run("http://127.0.0.1:1", seeded, 1000.0, seconds=2, start=0.1, step=0.1)
    assert offered == [(100.0, 2), (100.0, 2), (200.0, 2)]  # the warm-up, then two steps
    assert [(found.offered, found.held) for found in steps] == [(100.0, True), (200.0, False)]
