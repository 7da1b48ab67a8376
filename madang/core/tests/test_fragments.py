"""The pieces kept in a process stay within their budget, the least recently read first out."""

from __future__ import annotations

from markupsafe import Markup

from madang.core.fragments import _Kept, _size


def test_pieces_past_the_budget_go_least_recently_read_first():
    piece = Markup("가" * 500)  # noqa: S704 - text of our own
    kept = _Kept(budget=3 * _size(piece))
    for name in ("first", "second", "third"):
        kept.put(name, piece)
    assert kept.get("first") == piece  # read again: now the most recent
    kept.put("fourth", piece)
    assert kept.get("second") is None
    assert [kept.get(name) for name in ("first", "third", "fourth")] == [piece] * 3
    assert kept.used <= kept.budget


def test_a_piece_kept_twice_is_counted_once():
    piece = Markup("<p>댓글</p>")
    kept = _Kept(budget=10 * _size(piece))
    kept.put("line", piece)
    kept.put("line", piece)
    assert kept.used == _size(piece)
