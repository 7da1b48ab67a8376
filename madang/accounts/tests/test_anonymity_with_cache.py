"""A copy of the database and a copy of the cache, together, must not tell who wrote,
kept, liked or read what (docs/privacy.md, "What the database holds", "What the cache holds").

Members write, comment, scrap, vote, open notices and save filters while they and guests
browse, so that the cache holds what the site keeps there: shared pages with their
facts, sealed sessions and overlays, view counts, generations. Then both are
dumped whole (every Redis key and value, or the local cache's entries) and read as
an attacker without the keys would read them.
"""

from __future__ import annotations

import hashlib
import hmac
import pickle
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from madang.accounts.models import Member
from madang.accounts.pseudonym import author_ref_for
from madang.accounts.tests.test_anonymity import dump, guesses, text_of
from madang.boards import actions
from madang.boards.preferences import save_preferences

PER_MEMBER_TABLES = (
    "boards_scrap",
    "boards_vote",
    "boards_noticeread",
    "boards_readingpreferences",
)
MEMBER_COLUMNS = {"member_id", "user_id", "actor_id", "owner_id", "reporter_id"}
WINDOW = 12  # hex digits: any piece of a reference this long counts as the reference


BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"


def browser() -> Client:
    return Client(HTTP_USER_AGENT=BROWSER)  # a browser's views are counted, a bot's are not


def logged_in(member: Member) -> Client:
    client = browser()
    client.force_login(member)
    return client


@pytest.fixture
def lived_in(
    board,
    make_member,
    make_post,
    make_comment,
    notice_kind,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.MADANG_VIEWS_MANUAL_FLUSH = True
    writers = [make_member(f"writer_{index}") for index in range(3)]
    posts = [
        make_post(board, title=f"{index}번 회원의 글", author=writer)
        for index, writer in enumerate(writers)
    ]
    actions.pin_notice(post=posts[0], kind=notice_kind, board=board)
    for index, post in enumerate(posts):
        make_comment(post, body="지나가다 남기는 댓글", author=writers[(index + 1) % 3])
    keeper, opener, filterer, passer = (
        make_member(name) for name in ("keeper", "opener", "filterer", "passer")
    )
    everyone = [*writers, keeper, opener, filterer, passer]
    clients = {member.pk: logged_in(member) for member in everyone}
    for client in [*clients.values(), browser()]:  # shared pages, then the members' own
        for path in ["/", "/square/", *(post.get_absolute_url() for post in posts)]:
            assert client.get(path).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the page cache hears of it
        for post in posts[1:]:
            assert clients[keeper.pk].post(post.get_absolute_url() + "/scrap").status_code == 302
            vote = clients[passer.pk].post(post.get_absolute_url() + "/vote", {"value": "up"})
            assert vote.status_code == 302
        save_preferences(
            member=filterer, excluded_categories=[board.categories.first()], muted_words="광고"
        )
    for client in clients.values():  # after the scraps and the filters: pages of each kind
        for path in ["/square/", *(post.get_absolute_url() for post in posts)]:
            assert client.get(path).status_code == 200
    return everyone, posts


def redis_contents() -> list[tuple[str, Any]]:
    client = cache._cache.get_client()  # type: ignore[attr-defined]
    found: list[tuple[str, Any]] = []
    for key in client.scan_iter():
        kind = client.type(key).decode()
        if kind == "string":
            value: Any = client.get(key)
        elif kind == "hash":
            value = client.hgetall(key)
        elif kind == "list":
            value = client.lrange(key, 0, -1)
        elif kind == "set":
            value = client.smembers(key)
        else:
            value = f"<{kind}>"
        found.append((key.decode(), value))
    return found


def unpickled(value: Any) -> Any:
    try:
        return pickle.loads(value)  # noqa: S301 - our own test cache
    except Exception:  # integers, hashes and lists are stored as they are
        return value


def cache_copy() -> list[tuple[str, Any]]:
    """Every key the site wrote and its value, unpickled where the value is a pickle."""
    local: dict[str, Any] = cache._cache  # type: ignore[attr-defined]
    entries = redis_contents() if settings.REDIS_URL else list(local.items())
    return [(key, unpickled(value)) for key, value in entries]


def pieces(value: str) -> set[str]:
    return {value[start : start + WINDOW] for start in range(len(value) - WINDOW + 1)}


def keyless_traces(post_id: int, values: set[str]) -> set[str]:
    """What an attacker might try as a page's record of who wrote, commented or scrapped."""
    found = set()
    for value in values:
        for text in (value, f"{post_id}:{value}", f"{post_id}{value}"):
            digest = hashlib.sha256(text.encode()).hexdigest()
            keyed = hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256)
            found |= {text[:16], digest[:16], digest[:32], keyed.hexdigest()[:16]}
    return found


def page_facts(copy: list[tuple[str, Any]]) -> list[Any]:
    return [
        value[3]
        for key, value in copy
        if ":page:" in f":{key}" and isinstance(value, tuple) and len(value) == 4 and value[3]
    ]


def test_a_database_and_cache_copy_cannot_link_writing_scraps_or_reading(lived_in):
    members, posts = lived_in
    tables = dump()
    copy = cache_copy()
    cached = "\n".join(f"{key} {value!r}" for key, value in copy)
    facts = page_facts(copy)
    assert any(fact.traces for fact in facts)  # shared post pages are in the copy...
    assert "sealed:" in cached  # ...and so are the sealed entries
    refs = {row["author_ref"] for row in tables["boards_post"] + tables["comments_comment"]}
    # 1. The rows of one member's reading name no member.
    keys = set()
    for table in PER_MEMBER_TABLES:
        assert tables[table], f"the test made no {table} rows"
        assert not MEMBER_COLUMNS & set(tables[table][0]), table
        keys |= {row["member_key"] for row in tables[table]}
    # 2. Their member keys are no keyless function of a member, and no author reference.
    for member in members:
        tried = guesses(member)
        assert not keys & (tried | {guess[:32] for guess in tried})
    assert not {key[:WINDOW] for key in keys} & {ref[:WINDOW] for ref in refs}
    # 3. Tables that name members hold none of the writing or the reading.
    held = refs | keys | {post.title for post in posts}
    for table, rows in tables.items():
        if rows and MEMBER_COLUMNS & set(rows[0]):
            blob = text_of(rows)
            assert not any(value in blob for value in held), table
    # 4. The cache holds no reference, member key, or any piece of one; no name, no address.
    for value in refs | keys:
        assert not any(piece in cached for piece in pieces(value)), value
    for member in members:
        assert member.username not in cached
        assert f"'member_id': {member.pk}" not in cached
    # 5. A post page's record of who has a page of their own (its author, commenters and
    # scrappers) is no keyless function of what the database holds.
    for fact in facts:
        if fact.traces:
            assert not fact.traces & keyless_traces(fact.post_id, refs | keys), fact.post_id
            # ...nor the same for another post: it cannot be followed from post to post
            others = [other.traces for other in facts if other.post_id != fact.post_id]
            assert not any(fact.traces & other for other in others)


def test_with_the_keys_the_records_point_to_the_members(lived_in):
    """The test above reads the right data: with the keys, the link is there."""
    from madang.boards.memberpages import traces_of_member

    members, posts = lived_in
    traces: dict[int, set[str]] = {post.pk: set() for post in posts}
    for fact in page_facts(cache_copy()):  # renders before and after the scraps
        if fact.post_id is not None:
            traces[fact.post_id] |= fact.traces
    keeper = next(member for member in members if member.username == "keeper")
    assert traces[posts[1].pk] & traces_of_member(posts[1].pk, keeper.pk)
    assert not traces[posts[0].pk] & traces_of_member(posts[0].pk, keeper.pk)
    writer = members[1]
    assert author_ref_for(writer.pk) == posts[1].author_ref
    assert traces[posts[1].pk] & traces_of_member(posts[1].pk, writer.pk)
