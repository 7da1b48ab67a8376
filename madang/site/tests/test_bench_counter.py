"""The bench's view counter case (``madang bench``, site/bench_counter.py)."""

from __future__ import annotations

import pytest

from madang.boards.models import Post
from madang.boards.viewcounts import flush_views
from madang.site.bench_counter import PROCESSES, RETURNS, run


@pytest.mark.redis
def test_the_view_counter_case_counts_each_viewer_once(board, make_post):
    post = make_post(board)
    result, viewers = run(post.pk, rate=400, seconds=1.0)
    flush_views()
    assert result.errors == 0
    assert result.requests == 400
    assert viewers == 400 // RETURNS // PROCESSES * PROCESSES
    assert Post.objects.get(pk=post.pk).view_count == viewers
