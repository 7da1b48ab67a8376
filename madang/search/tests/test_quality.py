"""Search quality on labelled queries: recall and precision of the first 20 results.

A regression check, not a timing: the demo (`madang demo`) and the news-like posts
of queries.toml are searched with the labelled queries of that file, and the
averages must stay at least what they were measured at (docs/search.md). A change
that finds more of what readers look for, or less of what they do not, raises
them; write the new figures here and in the docs.
"""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from madang.accounts.models import Member
from madang.boards import actions as board_actions
from madang.boards.models import Post
from madang.comments import actions as comment_actions
from madang.search.tests.searching import found

LABELS = Path(__file__).with_name("queries.toml")
TOP = 20
# Measured on the labelled set (docs/search.md); a result below them is a regression.
RECALL_AT_20 = 0.96
PRECISION_AT_20 = 0.96


def load() -> dict:
    with LABELS.open("rb") as data:
        return tomllib.load(data)


def write_news(posts: list[dict]) -> None:
    news = board_actions.create_board(slug="news", name="뉴스")
    writer = Member.objects.create_user(username="reporter", password="not-used-here")
    for spec in posts:
        post = board_actions.create_post(
            board=news, author=writer, title=spec["title"], body=spec["body"]
        )
        for line in spec.get("comments", []):
            comment_actions.create_comment(post=post, author=writer, body=line)


def keys_of(titles: list[str], known: dict[str, str]) -> set[str]:
    """Each expected title as ``board/title``: the title alone where it is unique."""
    return {title if "/" in title and title in known.values() else known[title] for title in titles}


def score(labels: dict) -> tuple[float, float, list[str]]:
    """Recall and precision at 20, averaged over the queries that expect some posts and
    over the queries that find some; and a line for each query short of perfect."""
    known: dict[str, str] = {}
    for slug, title in Post.objects.values_list("board__slug", "title"):
        known[title] = f"{slug}/{title}"
        known[f"{slug}/{title}"] = f"{slug}/{title}"
    recalls, precisions, misses = [], [], []
    for query in labels["queries"]:
        field = query.get("in", "title_body")
        results = found(query["q"], field=field)
        shown = [f"{hit.post.board.slug}/{hit.post.title}" for hit in results.hits][:TOP]
        expected = keys_of(query["expect"], known)
        relevant = [key for key in dict.fromkeys(shown) if key in expected]
        if expected:
            recalls.append(len(relevant) / len(expected))
        if shown:
            precisions.append(len(relevant) / len(set(shown)))
        if (expected and len(relevant) < len(expected)) or len(relevant) < len(set(shown)):
            misses.append(
                f"{query['q']!r} [{field}]: {len(relevant)}/{len(expected)} expected,"
                f" {len(set(shown))} shown"
            )
    misses.append(f"over {len(recalls)} and {len(precisions)} queries")
    return sum(recalls) / len(recalls), sum(precisions) / len(precisions), misses


@pytest.mark.django_db
def test_recall_and_precision_at_20_stay_where_they_were():
    labels = load()
    assert len(labels["queries"]) >= 150
    call_command("demo", stdout=io.StringIO())
    write_news(labels["posts"])
    recall, precision, misses = score(labels)
    report = "\n".join(misses)
    print(
        f"\nrecall@20 {recall:.3f}, precision@20 {precision:.3f}, {len(labels['queries'])} queries"
    )
    print(report)
    assert recall >= RECALL_AT_20, report
    assert precision >= PRECISION_AT_20, report
