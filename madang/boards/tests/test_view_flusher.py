"""The embedded default flushes views from a thread of its own, started by the first view.

The suite's settings turn that thread off (it never ends); this is where it runs, with a
flush loop that returns, so that nothing is left running.
"""

from __future__ import annotations

import threading

from django.conf import settings as django_settings

from madang.boards import viewcounts


def test_production_settings_leave_flushing_to_the_thread():
    from madang import settings as production

    assert not hasattr(production, "MADANG_VIEWS_MANUAL_FLUSH")
    assert getattr(django_settings, "MADANG_VIEWS_MANUAL_FLUSH", False)  # the suite's own


def test_the_first_view_starts_one_flusher_thread(settings, monkeypatch):
    settings.MADANG_VIEWS_MANUAL_FLUSH = False
    loops: list[viewcounts.InProcessCounter] = []
    stop = threading.Event()

    def flush_loop(counter: viewcounts.InProcessCounter) -> None:
        loops.append(counter)
        stop.wait(timeout=5)

    monkeypatch.setattr(viewcounts.InProcessCounter, "_flush_forever", flush_loop)
    counter = viewcounts.InProcessCounter()
    try:
        counter.hit(1, "m-one")
        first = counter.thread
        counter.hit(2, "m-two")
        assert first is not None and counter.thread is first  # one while it runs
        assert first.daemon  # it never holds up the process's exit
    finally:
        stop.set()
    first.join(timeout=5)
    assert loops == [counter]
